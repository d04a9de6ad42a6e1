package dev.cachewarden.e2e;

import static dev.cachewarden.e2e.RawQuery.form;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.junit.CachewardenExtension;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Element;

/** The AWS Query wire protocol, spoken by hand: envelopes, error documents, encodings, bad input. */
class WireProtocolTest {
    static final String NS = "http://elasticache.amazonaws.com/doc/2015-02-02/";
    static final String V = "Version=2015-02-02";
    @RegisterExtension
    static CachewardenExtension server = CachewardenExtension.builder().build();
    static RawQuery raw;

    @BeforeAll
    static void start() {
        raw = new RawQuery(server.endpoint());
    }

    /** An AWS error document: ErrorResponse/Error/{Type,Code,Message} and a RequestId equal to the header's. */
    static RawQuery.Answer assertError(RawQuery.Answer a, int status, String code) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.contentType()).startsWith("text/xml");
        Element root = a.xml().getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("ErrorResponse");
        assertThat(root.getNamespaceURI()).isEqualTo(NS);
        assertThat(a.text("Type")).isEqualTo("Sender");
        assertThat(a.text("Code")).isEqualTo(code);
        assertThat(a.text("Message")).isNotBlank();
        assertThat(a.text("RequestId")).isNotBlank().isEqualTo(a.requestIdHeader());
        return a;
    }

    static RawQuery.Answer assertOk(RawQuery.Answer a, String action) {
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("text/xml");
        Element root = a.xml().getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo(action + "Response");
        assertThat(root.getNamespaceURI()).isEqualTo(NS);
        assertThat(a.count(action + "Result")).isEqualTo(1);
        assertThat(a.text("RequestId")).isNotBlank().isEqualTo(a.requestIdHeader());
        return a;
    }

    @Test
    void successEnvelopeCarriesTheRequestIdInHeaderAndBody() {
        RawQuery.Answer a = assertOk(raw.post(form("Action=DescribeUsers", V, "UserId=default")), "DescribeUsers");
        assertThat(a.text("UserId")).isEqualTo("default");
        assertThat(a.xml().getElementsByTagName("Users").item(0).getParentNode().getNodeName())
                .isEqualTo("DescribeUsersResult");
        RawQuery.Answer b = assertOk(raw.post(form("Action=DescribeUsers", V, "UserId=default")), "DescribeUsers");
        assertThat(b.requestIdHeader()).isNotEqualTo(a.requestIdHeader());
    }

    @Test
    void getWithAQueryStringWorks() {
        RawQuery.Answer a = assertOk(raw.get(form("Action=DescribeUsers", V, "UserId=default")), "DescribeUsers");
        assertThat(a.text("UserName")).isEqualTo("default");
        assertError(raw.get(form("Action=DescribeUsers", V, "UserId=nobody-at-all")), 404, "UserNotFound");
    }

    @Test
    void unknownActionsAndMissingActions() {
        assertError(raw.post(form("Action=LaunchRockets", V)), 400, "InvalidAction");
        assertError(raw.post(form("Action=describeusers", V)), 400, "InvalidAction");
        assertError(raw.post(form(V, "UserId=default")), 400, "MissingAction");
        assertError(raw.post(""), 400, "MissingAction");
        assertError(raw.get(""), 400, "MissingAction");
    }

    @Test
    void missingRequiredParameters() {
        RawQuery.Answer a = assertError(raw.post(form("Action=CreateUser", V, "UserId=wire-missing",
                "Engine=redis", "AccessString=on+~*+%2B@all", "NoPasswordRequired=true")), 400, "MissingParameter");
        assertThat(a.text("Message")).contains("UserName");
        assertError(raw.post(form("Action=DeleteUser", V)), 400, "MissingParameter");
        assertError(raw.post(form("Action=DeleteUserGroup", V)), 400, "MissingParameter");
        assertError(raw.post(form("Action=ModifyUserGroup", V, "UserIdsToAdd.member.1=default")), 400,
                "MissingParameter");
        assertError(raw.post(form("Action=CreateUserGroup", V, "UserGroupId=wg")), 400, "MissingParameter");
        assertError(raw.post(form("Action=ListTagsForResource", V)), 400, "MissingParameter");
        assertError(raw.post(form("Action=AddTagsToResource", V,
                "ResourceName=arn:aws:elasticache:us-east-1:000000000000:user:default")), 400, "MissingParameter");
        assertError(raw.post(form("Action=RemoveTagsFromResource", V,
                "ResourceName=arn:aws:elasticache:us-east-1:000000000000:user:default")), 400, "MissingParameter");
    }

    @Test
    void wronglyTypedValues() {
        assertError(raw.post(form("Action=DescribeUsers", V, "MaxRecords=abc")), 400, "InvalidParameterValue");
        assertError(raw.post(form("Action=DescribeUserGroups", V, "MaxRecords=1.5")), 400, "InvalidParameterValue");
        assertError(raw.post(form("Action=DescribeUsers", V, "MaxRecords=99999999999999")), 400,
                "InvalidParameterValue");
        assertError(raw.post(form("Action=CreateUser", V, "UserId=wire-bool", "UserName=wire-bool", "Engine=redis",
                "AccessString=on", "NoPasswordRequired=maybe")), 400, "InvalidParameterValue");
        assertError(raw.post(form("Action=CreateUserGroup", V, "UserGroupId=wire-idx", "Engine=redis",
                "UserIds.member.0=default")), 400, "InvalidParameterValue");
        assertError(raw.post(form("Action=CreateUserGroup", V, "UserGroupId=wire-idx", "Engine=redis",
                "UserIds.member.x=default")), 400, "InvalidParameterValue");
    }

    @Test
    void malformedBodiesGetAnAwsErrorNeverA500() {
        for (String body : new String[] {form("Action=DescribeUsers", V, "UserId=%zz"),
                form("Action=DescribeUsers", V, "UserId=%2"), form("Action=DescribeUsers", V, "UserId=%ff%fe"),
                form("Action=DescribeUsers", V, "Action=DescribeUsers"), "Action=DescribeUsers&" + V + "&=x",
                "%%%%"}) {
            // AWS's common-errors table gives MalformedQueryString the status 404.
            assertError(raw.post(body), 404, "MalformedQueryString");
        }
        RawQuery.Answer notForm = raw.send("POST", "", "{\"Action\":\"DescribeUsers\"}".getBytes(StandardCharsets.UTF_8),
                "application/json");
        assertError(notForm, 400, "InvalidQueryParameter");
        RawQuery.Answer tooBig = raw.post(form("Action=DescribeUsers", V, "Marker=" + "a".repeat(1 << 20)));
        assertError(tooBig, 413, "RequestEntityTooLarge");
        RawQuery.Answer put = raw.send("PUT", "", form("Action=DescribeUsers", V).getBytes(StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded");
        assertError(put, 400, "InvalidAction");
    }

    @Test
    void oddlyShapedParametersGetAnAwsAnswerNeverA500() {
        String[] bodies = {
            form("Action=DescribeUsers", V, "Filters.member.1.Name=UserId"),
            form("Action=DescribeUsers", V, "Filters.member.1.Values.member.1=x"),
            form("Action=DescribeUsers", V, "Filters.member.1=UserId"),
            form("Action=DescribeUsers", V, "Filters.member.one.Name=UserId"),
            form("Action=DescribeUsers", V, "Filters=x"),
            form("Action=DescribeUsers", V, "MaxRecords="),
            form("Action=DescribeUsers", V, "UserId="),
            form("Action=DescribeUsers", V, "UserId=" + "u".repeat(5000)),
            form("Action=DescribeUsers", V, "Marker=%E2%9C%93"),
            form("Action=DescribeUserGroups", V, "UserGroupId=" + "g".repeat(5000)),
            form("Action=CreateUser", V, "UserId=odd1", "UserName=odd1", "Engine=redis", "AccessString=on",
                    "AuthenticationMode.Passwords.member.1=odd-password-000001"),
            form("Action=CreateUser", V, "UserId=odd2", "UserName=%E2%9C%93", "Engine=redis", "AccessString=on",
                    "NoPasswordRequired=true"),
            form("Action=CreateUser", V, "UserId=odd3", "UserName=" + "n".repeat(5000), "Engine=redis",
                    "AccessString=on", "NoPasswordRequired=true"),
            form("Action=CreateUser", V, "UserId=odd4", "UserName=odd4", "Engine=redis", "AccessString=on",
                    "Passwords.member.1=" + "p".repeat(5000)),
            form("Action=CreateUser", V, "UserId=odd5", "UserName=odd5", "Engine=redis", "AccessString=on",
                    "NoPasswordRequired=true", "Tags.Tag.1.Value=no-key"),
            form("Action=CreateUser", V, "UserId=odd6", "UserName=odd6", "Engine=redis", "AccessString=on",
                    "NoPasswordRequired=true", "Tags.Tag.1.Key=" + "k".repeat(5000)),
            form("Action=CreateUser", V, "UserId=odd7", "UserName=odd7", "Engine=" + "e".repeat(5000),
                    "AccessString=on", "NoPasswordRequired=true"),
            form("Action=CreateUser", V, "UserId=odd8", "UserName=odd8", "Engine=redis",
                    "AccessString=on+%28unclosed", "NoPasswordRequired=true"),
            form("Action=CreateUser", V, "UserId=odd9", "UserName=odd9", "Engine=redis",
                    "AccessString=on+%29%28", "NoPasswordRequired=true"),
            form("Action=CreateUser", V, "UserId=odd10", "UserName=odd10", "Engine=redis",
                    "AccessString=on+%25~x", "NoPasswordRequired=true"),
            form("Action=CreateUser", V, "UserId=odd11", "UserName=odd11", "Engine=redis",
                    "AccessString=on+%2Bget%7C", "NoPasswordRequired=true"),
            form("Action=CreateUser", V, "UserId=odd12", "UserName=odd12", "Engine=redis",
                    "AccessString=on+%28%28~x%29%29", "NoPasswordRequired=true"),
            form("Action=CreateUserGroup", V, "UserGroupId=odd-g", "Engine=redis", "UserIds.member.1="),
            form("Action=CreateUserGroup", V, "UserGroupId=odd-g", "Engine=redis",
                    "UserIds.member.99999999999=default"),
            form("Action=AddTagsToResource", V, "ResourceName=arn:aws:elasticache:us-east-1:000000000000:user:"
                    + "x".repeat(5000), "Tags.Tag.1.Key=a"),
            form("Action=ListTagsForResource", V, "ResourceName=arn:aws:elasticache:::user:default"),
            form("Action=ListTagsForResource", V, "ResourceName=arn::elasticache:us-east-1:0:user:default"),
            form("Action=ListTagsForResource", V, "ResourceName="),
            form("Action=RemoveTagsFromResource", V,
                    "ResourceName=arn:aws:elasticache:us-east-1:000000000000:user:default", "TagKeys="),
        };
        for (String body : bodies) {
            RawQuery.Answer a = raw.post(body);
            assertThat(a.status()).as(body.length() > 300 ? body.substring(0, 300) : body).isLessThan(500);
            assertThat(a.text("RequestId")).isEqualTo(a.requestIdHeader());
            if (a.status() != 200) {
                assertThat(a.text("Code")).isNotBlank();
            }
        }
    }

    @Test
    void serviceFaultsUseTheModelsCodeAndStatus() {
        RawQuery.Answer a = assertError(raw.post(form("Action=DescribeUserGroups", V, "UserGroupId=no-such-group")),
                404, "UserGroupNotFound");
        assertThat(a.text("Message")).contains("no-such-group");
        assertError(raw.post(form("Action=ModifyUser", V, "UserId=default", "AccessString=off")), 400,
                "InvalidParameterValue");
    }

    @Test
    void listsTagsAndEmptyListsOnTheWire() {
        assertOk(raw.post(form("Action=CreateUser", V, "UserId=Wire-User", "UserName=wire-user", "Engine=REDIS",
                "AccessString=on+~app%3A*+%2B@all", "Passwords.member.1=wire-password-0001",
                "Passwords.member.2=wire-password-0002", "Tags.Tag.1.Key=team", "Tags.Tag.1.Value=cache",
                "Tags.Tag.2.Key=novalue")), "CreateUser");
        RawQuery.Answer tags = assertOk(raw.post(form("Action=ListTagsForResource", V,
                "ResourceName=arn%3Aaws%3Aelasticache%3Aus-east-1%3A000000000000%3Auser%3Awire-user")),
                "ListTagsForResource");
        assertThat(tags.count("Tag")).isEqualTo(2);
        assertThat(tags.body()).contains("<Key>team</Key>").contains("<Value>cache</Value>");
        RawQuery.Answer user = assertOk(raw.post(form("Action=DescribeUsers", V, "UserId=WIRE-USER")), "DescribeUsers");
        assertThat(user.text("AccessString")).isEqualTo("on ~app:* +@all");
        assertThat(user.text("PasswordCount")).isEqualTo("2");
        assertThat(user.body()).doesNotContain("wire-password");

        // An empty list is sent as "Name=": a valkey group may start with no users.
        RawQuery.Answer empty = assertOk(raw.post(form("Action=CreateUserGroup", V, "UserGroupId=wire-empty",
                "Engine=valkey", "UserIds=")), "CreateUserGroup");
        assertThat(empty.count("UserIds")).isEqualTo(1);
        assertThat(empty.count("member")).isZero();
        assertThat(empty.body()).contains("<ReplicationGroups/>");

        assertOk(raw.post(form("Action=CreateUserGroup", V, "UserGroupId=wire-group", "Engine=redis",
                "UserIds.member.1=default", "UserIds.member.2=wire-user")), "CreateUserGroup");
        await("wire-group");
        RawQuery.Answer modified = assertOk(raw.post(form("Action=ModifyUserGroup", V, "UserGroupId=wire-group",
                "UserIdsToAdd=", "UserIdsToRemove.member.1=wire-user")), "ModifyUserGroup");
        assertThat(modified.text("Status")).isEqualTo("modifying");
        assertThat(modified.body()).contains("<PendingChanges><UserIdsToRemove><member>wire-user</member>"
                + "</UserIdsToRemove></PendingChanges>");
        await("wire-group");
        // Nothing to add and nothing to remove is no modification at all.
        assertError(raw.post(form("Action=ModifyUserGroup", V, "UserGroupId=wire-group", "UserIdsToAdd=")), 400,
                "InvalidParameterCombination");
        // A list parameter given a scalar value is refused.
        assertError(raw.post(form("Action=ModifyUserGroup", V, "UserGroupId=wire-group", "UserIdsToAdd=default")),
                400, "InvalidParameterValue");
    }

    private static void await(String groupId) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .pollInterval(java.time.Duration.ofMillis(50))
                .until(() -> raw.post(form("Action=DescribeUserGroups", V, "UserGroupId=" + groupId)).text("Status"),
                        "active"::equals);
    }
}
