package dev.cachewarden.e2e;

import static dev.cachewarden.e2e.Faults.assertFault;
import static dev.cachewarden.e2e.Faults.id;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.junit.Cachewarden;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.CacheSubnetGroup;
import software.amazon.awssdk.services.elasticache.model.CacheSubnetGroupAlreadyExistsException;
import software.amazon.awssdk.services.elasticache.model.CacheSubnetGroupNotFoundException;
import software.amazon.awssdk.services.elasticache.model.CacheSubnetQuotaExceededException;
import software.amazon.awssdk.services.elasticache.model.InvalidParameterValueException;
import software.amazon.awssdk.services.elasticache.model.InvalidSubnetException;
import software.amazon.awssdk.services.elasticache.model.Subnet;
import software.amazon.awssdk.services.elasticache.model.Tag;

/** The cache subnet group actions through the AWS SDK for Java v2, on a server with a data dir. */
class CacheSubnetGroupsTest {
    static final String ARN = "arn:aws:elasticache:us-east-1:000000000000:subnetgroup:";
    static final String S1 = "subnet-0123456789abcdef0";
    static final String S2 = "subnet-1a2b3c4d";
    static Path dataDir;
    static Cachewarden server;
    static ElastiCacheClient ec;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("cw-subnets");
        server = Cachewarden.builder().dataDir(dataDir).start();
        ec = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static CacheSubnetGroup create(String name, String... subnets) {
        return ec.createCacheSubnetGroup(r -> r.cacheSubnetGroupName(name).cacheSubnetGroupDescription("d " + name)
                .subnetIds(subnets)).cacheSubnetGroup();
    }

    @Test
    void createdGroupIsAnsweredWithEverySubnetInAnAvailabilityZoneAndSurvivesARestart() throws Exception {
        String name = id("Sg").toUpperCase(); // stored lowercase, as AWS says
        CacheSubnetGroup created = ec.createCacheSubnetGroup(r -> r.cacheSubnetGroupName(name)
                .cacheSubnetGroupDescription("app subnets").subnetIds(S1, S2)
                .tags(Tag.builder().key("team").value("cache").build())).cacheSubnetGroup();
        String lower = name.toLowerCase();
        assertThat(created.cacheSubnetGroupName()).isEqualTo(lower);
        assertThat(created.cacheSubnetGroupDescription()).isEqualTo("app subnets");
        assertThat(created.arn()).isEqualTo(ARN + lower);
        assertThat(created.vpcId()).matches("vpc-[0-9a-f]{17}");
        assertThat(created.subnets()).extracting(Subnet::subnetIdentifier).containsExactly(S1, S2);
        assertThat(created.subnets()).allSatisfy(s ->
                assertThat(s.subnetAvailabilityZone().name()).matches("us-east-1[abc]"));

        server.close();
        server = Cachewarden.builder().dataDir(dataDir).start();
        ec = server.client();
        CacheSubnetGroup read = ec.describeCacheSubnetGroups(r -> r.cacheSubnetGroupName(lower)).cacheSubnetGroups()
                .get(0);
        assertThat(read).isEqualTo(created);
        assertThat(ec.listTagsForResource(r -> r.resourceName(ARN + lower)).tagList())
                .containsExactly(Tag.builder().key("team").value("cache").build());
    }

    @Test
    void theDefaultGroupExistsAndCannotBeChanged() {
        CacheSubnetGroup d = ec.describeCacheSubnetGroups(r -> r.cacheSubnetGroupName("default")).cacheSubnetGroups()
                .get(0);
        assertThat(d.subnets()).extracting(s -> s.subnetAvailabilityZone().name())
                .containsExactly("us-east-1a", "us-east-1b", "us-east-1c");
        assertThat(ec.describeCacheSubnetGroups().cacheSubnetGroups()).extracting(CacheSubnetGroup::cacheSubnetGroupName)
                .contains("default");
        assertFault(() -> create("default", S1), CacheSubnetGroupAlreadyExistsException.class, 400,
                "CacheSubnetGroupAlreadyExists");
        assertFault(() -> ec.deleteCacheSubnetGroup(r -> r.cacheSubnetGroupName("default")),
                InvalidParameterValueException.class, 400, "InvalidParameterValue");
        assertFault(() -> ec.modifyCacheSubnetGroup(r -> r.cacheSubnetGroupName("default").subnetIds(S1)),
                InvalidParameterValueException.class, 400, "InvalidParameterValue");
    }

    @Test
    void modifyChangesWhatIsGivenAndDeleteRemovesGroupAndTags() {
        String name = id("sg");
        create(name, S1);
        CacheSubnetGroup modified = ec.modifyCacheSubnetGroup(r -> r.cacheSubnetGroupName(name).subnetIds(S2, S1))
                .cacheSubnetGroup();
        assertThat(modified.subnets()).extracting(Subnet::subnetIdentifier).containsExactly(S2, S1);
        assertThat(modified.cacheSubnetGroupDescription()).isEqualTo("d " + name);
        modified = ec.modifyCacheSubnetGroup(r -> r.cacheSubnetGroupName(name).cacheSubnetGroupDescription("new"))
                .cacheSubnetGroup();
        assertThat(modified.cacheSubnetGroupDescription()).isEqualTo("new");
        assertThat(modified.subnets()).extracting(Subnet::subnetIdentifier).containsExactly(S2, S1);

        ec.deleteCacheSubnetGroup(r -> r.cacheSubnetGroupName(name));
        assertFault(() -> ec.describeCacheSubnetGroups(r -> r.cacheSubnetGroupName(name)),
                CacheSubnetGroupNotFoundException.class, 400, "CacheSubnetGroupNotFoundFault");
        assertFault(() -> ec.deleteCacheSubnetGroup(r -> r.cacheSubnetGroupName(name)),
                CacheSubnetGroupNotFoundException.class, 400, "CacheSubnetGroupNotFoundFault");
        assertFault(() -> ec.modifyCacheSubnetGroup(r -> r.cacheSubnetGroupName(name).subnetIds(S1)),
                CacheSubnetGroupNotFoundException.class, 400, "CacheSubnetGroupNotFoundFault");
        assertFault(() -> ec.listTagsForResource(r -> r.resourceName(ARN + name)),
                CacheSubnetGroupNotFoundException.class, 400, "CacheSubnetGroupNotFoundFault");
    }

    @Test
    void badInputGetsAwsFaults() {
        String name = id("sg");
        create(name, S1);
        assertFault(() -> create(name, S1), CacheSubnetGroupAlreadyExistsException.class, 400,
                "CacheSubnetGroupAlreadyExists");
        assertFault(() -> create(id("sg"), "subnet-xyz"), InvalidSubnetException.class, 400, "InvalidSubnet");
        assertFault(() -> create(id("sg"), "vpc-0123456789abcdef0"), InvalidSubnetException.class, 400, "InvalidSubnet");
        String[] many = IntStream.range(0, 21).mapToObj(i -> String.format("subnet-%08x", i)).toArray(String[]::new);
        assertFault(() -> create(id("sg"), many), CacheSubnetQuotaExceededException.class, 400,
                "CacheSubnetQuotaExceededFault");
        assertFault(() -> create("bad_name", S1), InvalidParameterValueException.class, 400, "InvalidParameterValue");
        assertFault(() -> ec.createCacheSubnetGroup(r -> r.cacheSubnetGroupName(id("sg"))
                .cacheSubnetGroupDescription(" ").subnetIds(S1)), InvalidParameterValueException.class, 400,
                "InvalidParameterValue");
        assertFault(() -> ec.createCacheSubnetGroup(r -> r.cacheSubnetGroupName(id("sg"))
                .cacheSubnetGroupDescription("d").subnetIds(List.of())), InvalidParameterValueException.class, 400,
                "InvalidParameterValue");
    }

    @Test
    void describePagesWithMarker() {
        for (int i = 0; i < 25; i++) {
            create(id("page"), S1);
        }
        var first = ec.describeCacheSubnetGroups(r -> r.maxRecords(20));
        assertThat(first.cacheSubnetGroups()).hasSize(20);
        assertThat(first.marker()).isNotBlank();
        var second = ec.describeCacheSubnetGroups(r -> r.maxRecords(100).marker(first.marker()));
        assertThat(second.cacheSubnetGroups()).extracting(CacheSubnetGroup::cacheSubnetGroupName)
                .doesNotContainAnyElementsOf(first.cacheSubnetGroups().stream()
                        .map(CacheSubnetGroup::cacheSubnetGroupName).toList());
        assertFault(() -> ec.describeCacheSubnetGroups(r -> r.maxRecords(5)), InvalidParameterValueException.class,
                400, "InvalidParameterValue");
    }
}
