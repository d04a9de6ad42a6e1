package dev.cachewarden.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading AWS Query parameters the way botocore writes them, and the AWS error for each malformed one. */
class QueryRequestTest {

    static QueryRequest request(String... keysAndValues) {
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            params.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new QueryRequest(params);
    }

    static void assertInvalid(Runnable read, String message) {
        assertThatThrownBy(read::run).isInstanceOfSatisfying(AwsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE)).hasMessage(message);
    }

    @Test
    void scalarsAndRequiredParameters() {
        QueryRequest q = request("UserId", "alice", "Empty", "");
        assertThat(q.string("UserId")).contains("alice");
        assertThat(q.string("Empty")).contains("");
        assertThat(q.string("Missing")).isEmpty();
        assertThat(q.required("UserId")).isEqualTo("alice");
        assertThatThrownBy(() -> q.required("UserName")).isInstanceOfSatisfying(AwsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.MISSING_PARAMETER))
                .hasMessage("The request must contain the parameter UserName");
    }

    @Test
    void booleansInAnyCaseAndNothingElse() {
        assertThat(request("B", "TRUE").bool("B")).contains(true);
        assertThat(request("B", "false").bool("B")).contains(false);
        assertThat(request().bool("B")).isEmpty();
        assertInvalid(() -> request("B", "yes").bool("B"), "Invalid boolean value 'yes' for parameter B.");
        assertInvalid(() -> request("B", "").bool("B"), "Invalid boolean value '' for parameter B.");
    }

    @Test
    void integersTrimmedAndChecked() {
        assertThat(request("N", " 42 ").integer("N")).contains(42);
        assertThat(request("N", "-7").integer("N")).contains(-7);
        assertThat(request().integer("N")).isEmpty();
        assertInvalid(() -> request("N", "4x2").integer("N"), "Invalid integer value '4x2' for parameter N.");
        assertInvalid(() -> request("N", "99999999999").integer("N"),
                "Invalid integer value '99999999999' for parameter N.");
    }

    @Test
    void listsInIndexOrderNotKeyOrder() {
        QueryRequest q = request("UserIds.member.10", "j", "UserIds.member.2", "b", "UserIds.member.1", "a");
        assertThat(q.list("UserIds")).contains(List.of("a", "b", "j"));
    }

    @Test
    void anEmptyListIsNameWithNoValueAndAbsentIsAbsent() {
        assertThat(request("UserIds", "").list("UserIds")).contains(List.of());
        assertThat(request("Other", "x").list("UserIds")).isEmpty();
        assertInvalid(() -> request("UserIds", "alice").list("UserIds"),
                "Parameter UserIds is a list: send its members as UserIds.member.N.");
    }

    @Test
    void listsWithTheirOwnMemberName() {
        QueryRequest q = request("TagKeys.member.1", "a", "Names.Name.1", "x", "Names.Name.2", "y");
        assertThat(q.list("Names", "Name")).contains(List.of("x", "y"));
        assertThat(q.list("Names")).isEmpty(); // Names.member.N is another list
    }

    @Test
    void badListIndicesAreRefused() {
        assertInvalid(() -> request("UserIds.member.0", "a").list("UserIds"),
                "Invalid list index in parameter UserIds.member.0.");
        assertInvalid(() -> request("UserIds.member.x", "a").list("UserIds"),
                "Invalid list index in parameter UserIds.member.x.");
        assertInvalid(() -> request("UserIds.member.-1", "a").list("UserIds"),
                "Invalid list index in parameter UserIds.member.-1.");
    }

    @Test
    void aListLongerThanAnyInTheApiIsRefused() {
        Map<String, String> params = new HashMap<>();
        for (int i = 1; i <= QueryRequest.MAX_LIST_MEMBERS; i++) {
            params.put("UserIds.member." + i, "u" + i);
        }
        assertThat(new QueryRequest(params).list("UserIds")).hasValueSatisfying(l -> assertThat(l).hasSize(1000));
        params.put("UserIds.member.1001", "one-too-many");
        assertThatThrownBy(() -> new QueryRequest(params).list("UserIds")).isInstanceOf(AwsException.class)
                .hasMessageContaining("more than 1000 members");
    }

    @Test
    void structuresAreFoundByTheirPrefixesInOrder() {
        QueryRequest q = request("Tags.Tag.2.Key", "b", "Tags.Tag.1.Key", "a", "Tags.Tag.1.Value", "1",
                "Tags.Tag.10.Key", "j");
        Optional<List<String>> prefixes = q.structPrefixes("Tags", "Tag");
        assertThat(prefixes).contains(List.of("Tags.Tag.1.", "Tags.Tag.2.", "Tags.Tag.10."));
        assertThat(q.string(prefixes.orElseThrow().get(0) + "Value")).contains("1");
        assertThat(request("Tags", "").structPrefixes("Tags", "Tag")).contains(List.of());
        assertThat(request().structPrefixes("Tags", "Tag")).isEmpty();
        assertInvalid(() -> request("Tags.Tag.1", "k").structPrefixes("Tags", "Tag"),
                "Invalid parameter Tags.Tag.1.");
        assertInvalid(() -> request("Tags.Tag.0.Key", "k").structPrefixes("Tags", "Tag"),
                "Invalid list index in parameter Tags.Tag.0.Key.");
    }

    @Test
    void hasSeesScalarsListsAndStructuresButNotLongerNames() {
        QueryRequest q = request("UserId", "a", "UserIds.member.1", "b", "Tags.Tag.1.Key", "k");
        assertThat(q.has("UserId")).isTrue();
        assertThat(q.has("UserIds")).isTrue();
        assertThat(q.has("Tags")).isTrue();
        assertThat(q.has("User")).isFalse();
        assertThat(q.has("Tag")).isFalse();
    }
}
