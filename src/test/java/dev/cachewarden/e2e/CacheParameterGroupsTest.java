package dev.cachewarden.e2e;

import static dev.cachewarden.e2e.Faults.assertFault;
import static dev.cachewarden.e2e.Faults.id;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.junit.Cachewarden;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.CacheParameterGroup;
import software.amazon.awssdk.services.elasticache.model.CacheParameterGroupAlreadyExistsException;
import software.amazon.awssdk.services.elasticache.model.CacheParameterGroupNotFoundException;
import software.amazon.awssdk.services.elasticache.model.ChangeType;
import software.amazon.awssdk.services.elasticache.model.InvalidCacheParameterGroupStateException;
import software.amazon.awssdk.services.elasticache.model.InvalidParameterCombinationException;
import software.amazon.awssdk.services.elasticache.model.InvalidParameterValueException;
import software.amazon.awssdk.services.elasticache.model.Parameter;
import software.amazon.awssdk.services.elasticache.model.ParameterNameValue;
import software.amazon.awssdk.services.elasticache.model.Tag;

/** The cache parameter group actions through the AWS SDK for Java v2. */
class CacheParameterGroupsTest {
    static final String ARN = "arn:aws:elasticache:us-east-1:000000000000:parametergroup:";
    static Cachewarden server;
    static ElastiCacheClient ec;

    @BeforeAll
    static void start() {
        server = Cachewarden.builder().inMemory().start();
        ec = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String create(String family) {
        String name = id("pg");
        ec.createCacheParameterGroup(r -> r.cacheParameterGroupName(name).cacheParameterGroupFamily(family)
                .description("for " + name));
        return name;
    }

    static ParameterNameValue nv(String name, String value) {
        return ParameterNameValue.builder().parameterName(name).parameterValue(value).build();
    }

    static Map<String, Parameter> parameters(String group) {
        return ec.describeCacheParametersPaginator(r -> r.cacheParameterGroupName(group)).parameters().stream()
                .collect(Collectors.toMap(Parameter::parameterName, p -> p));
    }

    @Test
    void awsDefaultGroupsExistForEveryFamilyAndCannotChange() {
        List<String> names = ec.describeCacheParameterGroupsPaginator(r -> { }).cacheParameterGroups().stream()
                .map(CacheParameterGroup::cacheParameterGroupName).toList();
        assertThat(names).contains("default.redis7", "default.redis7.cluster.on", "default.redis6.x",
                "default.redis6.x.cluster.on", "default.valkey7", "default.valkey8", "default.valkey8.cluster.on");
        CacheParameterGroup d = ec.describeCacheParameterGroups(r -> r.cacheParameterGroupName("default.valkey8"))
                .cacheParameterGroups().get(0);
        assertThat(d.cacheParameterGroupFamily()).isEqualTo("valkey8");
        assertThat(d.arn()).isEqualTo(ARN + "default.valkey8");
        assertThat(d.isGlobal()).isFalse();
        assertThat(parameters("default.redis7.cluster.on").get("cluster-enabled").parameterValue()).isEqualTo("yes");
        assertThat(parameters("default.redis7").get("cluster-enabled").parameterValue()).isEqualTo("no");

        assertFault(() -> ec.modifyCacheParameterGroup(r -> r.cacheParameterGroupName("default.redis7")
                        .parameterNameValues(nv("timeout", "10"))), InvalidCacheParameterGroupStateException.class, 400,
                "InvalidCacheParameterGroupState");
        assertFault(() -> ec.resetCacheParameterGroup(r -> r.cacheParameterGroupName("default.redis7")
                .resetAllParameters(true)), InvalidCacheParameterGroupStateException.class, 400,
                "InvalidCacheParameterGroupState");
        assertFault(() -> ec.deleteCacheParameterGroup(r -> r.cacheParameterGroupName("default.redis7")),
                InvalidCacheParameterGroupStateException.class, 400, "InvalidCacheParameterGroupState");
        assertFault(() -> ec.createCacheParameterGroup(r -> r.cacheParameterGroupName("default.redis7")
                        .cacheParameterGroupFamily("redis7").description("x")),
                InvalidParameterValueException.class, 400, "InvalidParameterValue"); // dots are not in a name
    }

    @Test
    void modifiedValuesAreAnsweredAsUserAndResetGoesBackToTheDefault() {
        String g = create("redis7");
        Parameter policy = parameters(g).get("maxmemory-policy");
        assertThat(policy.parameterValue()).isEqualTo("volatile-lru");
        assertThat(policy.source()).isEqualTo("engine-default");
        assertThat(policy.changeType()).isEqualTo(ChangeType.IMMEDIATE);
        assertThat(policy.isModifiable()).isTrue();
        assertThat(policy.allowedValues()).contains("allkeys-lru", "noeviction");

        assertThat(ec.modifyCacheParameterGroup(r -> r.cacheParameterGroupName(g)
                .parameterNameValues(nv("maxmemory-policy", "allkeys-lru"), nv("timeout", "300"),
                        nv("notify-keyspace-events", "Ex"))).cacheParameterGroupName()).isEqualTo(g);
        Map<String, Parameter> after = parameters(g);
        assertThat(after.get("maxmemory-policy").parameterValue()).isEqualTo("allkeys-lru");
        assertThat(after.get("maxmemory-policy").source()).isEqualTo("user");
        assertThat(after.get("timeout").parameterValue()).isEqualTo("300");
        assertThat(ec.describeCacheParameters(r -> r.cacheParameterGroupName(g).source("user")).parameters())
                .extracting(Parameter::parameterName)
                .containsExactly("maxmemory-policy", "notify-keyspace-events", "timeout");

        ec.resetCacheParameterGroup(r -> r.cacheParameterGroupName(g).parameterNameValues(nv("timeout", null)));
        assertThat(parameters(g).get("timeout").parameterValue()).isEqualTo("0");
        assertThat(parameters(g).get("maxmemory-policy").parameterValue()).isEqualTo("allkeys-lru");
        ec.resetCacheParameterGroup(r -> r.cacheParameterGroupName(g).resetAllParameters(true));
        assertThat(ec.describeCacheParameters(r -> r.cacheParameterGroupName(g).source("user")).parameters()).isEmpty();
    }

    @Test
    void namesAndValuesAreChecked() {
        String g = create("valkey8");
        assertFault(() -> ec.modifyCacheParameterGroup(r -> r.cacheParameterGroupName(g)
                .parameterNameValues(nv("maxmemory-policy", "sometimes"))), InvalidParameterValueException.class, 400,
                "InvalidParameterValue");
        assertFault(() -> ec.modifyCacheParameterGroup(r -> r.cacheParameterGroupName(g)
                .parameterNameValues(nv("timeout", "-1"))), InvalidParameterValueException.class, 400,
                "InvalidParameterValue");
        assertFault(() -> ec.modifyCacheParameterGroup(r -> r.cacheParameterGroupName(g)
                .parameterNameValues(nv("no-such-parameter", "1"))), InvalidParameterValueException.class, 400,
                "InvalidParameterValue");
        assertFault(() -> ec.modifyCacheParameterGroup(r -> r.cacheParameterGroupName(g)
                .parameterNameValues(nv("cluster-enabled", "yes"))), InvalidParameterValueException.class, 400,
                "InvalidParameterValue");
        assertFault(() -> ec.modifyCacheParameterGroup(r -> r.cacheParameterGroupName(g)
                .parameterNameValues(nv("hash-max-ziplist-entries", "1"))), InvalidParameterValueException.class, 400,
                "InvalidParameterValue"); // a redis6.x parameter, gone from the 7 families
        List<ParameterNameValue> many = IntStream.range(0, 21).mapToObj(i -> nv("timeout", "1")).toList();
        assertFault(() -> ec.modifyCacheParameterGroup(r -> r.cacheParameterGroupName(g).parameterNameValues(many)),
                InvalidParameterValueException.class, 400, "InvalidParameterValue");
        assertFault(() -> ec.resetCacheParameterGroup(r -> r.cacheParameterGroupName(g).resetAllParameters(true)
                .parameterNameValues(nv("timeout", null))), InvalidParameterCombinationException.class, 400,
                "InvalidParameterCombination");
        assertFault(() -> ec.describeCacheParameters(r -> r.cacheParameterGroupName(g).source("mine")),
                InvalidParameterValueException.class, 400, "InvalidParameterValue");
        assertThat(ec.describeCacheParameters(r -> r.cacheParameterGroupName(g).source("user")).parameters()).isEmpty();
    }

    @Test
    void createDescribeDeleteWithTagsAndFaults() {
        String name = id("Pg");
        CacheParameterGroup created = ec.createCacheParameterGroup(r -> r.cacheParameterGroupName(name)
                .cacheParameterGroupFamily("valkey7").description("mine")
                .tags(Tag.builder().key("k").value("v").build())).cacheParameterGroup();
        String lower = name.toLowerCase();
        assertThat(created.cacheParameterGroupName()).isEqualTo(lower);
        assertThat(created.arn()).isEqualTo(ARN + lower);
        assertThat(ec.listTagsForResource(r -> r.resourceName(ARN + lower)).tagList())
                .containsExactly(Tag.builder().key("k").value("v").build());
        assertThat(ec.describeCacheParameterGroups(r -> r.cacheParameterGroupName(lower)).cacheParameterGroups())
                .containsExactly(created);
        assertFault(() -> ec.createCacheParameterGroup(r -> r.cacheParameterGroupName(lower)
                        .cacheParameterGroupFamily("valkey7").description("again")),
                CacheParameterGroupAlreadyExistsException.class, 400, "CacheParameterGroupAlreadyExists");
        assertFault(() -> ec.createCacheParameterGroup(r -> r.cacheParameterGroupName(id("pg"))
                        .cacheParameterGroupFamily("redis99").description("x")),
                InvalidParameterValueException.class, 400, "InvalidParameterValue");

        ec.deleteCacheParameterGroup(r -> r.cacheParameterGroupName(lower));
        assertFault(() -> ec.describeCacheParameterGroups(r -> r.cacheParameterGroupName(lower)),
                CacheParameterGroupNotFoundException.class, 404, "CacheParameterGroupNotFound");
        assertFault(() -> ec.describeCacheParameters(r -> r.cacheParameterGroupName(lower)),
                CacheParameterGroupNotFoundException.class, 404, "CacheParameterGroupNotFound");
        assertFault(() -> ec.deleteCacheParameterGroup(r -> r.cacheParameterGroupName(lower)),
                CacheParameterGroupNotFoundException.class, 404, "CacheParameterGroupNotFound");
        assertFault(() -> ec.listTagsForResource(r -> r.resourceName(ARN + lower)),
                CacheParameterGroupNotFoundException.class, 404, "CacheParameterGroupNotFound");
    }

    @Test
    void aResetLeavesOnlyAwsDefaultGroups() {
        try (Cachewarden other = Cachewarden.builder().inMemory().start()) {
            ElastiCacheClient c = other.client();
            c.createCacheParameterGroup(r -> r.cacheParameterGroupName("mine").cacheParameterGroupFamily("redis7")
                    .description("x"));
            c.createCacheSubnetGroup(r -> r.cacheSubnetGroupName("mine").cacheSubnetGroupDescription("x")
                    .subnetIds("subnet-1a2b3c4d"));
            other.reset();
            assertThat(c.describeCacheParameterGroups().cacheParameterGroups())
                    .allMatch(g -> g.cacheParameterGroupName().startsWith("default."));
            assertThat(c.describeCacheSubnetGroups().cacheSubnetGroups())
                    .extracting(g -> g.cacheSubnetGroupName()).containsExactly("default");
            c.createCacheParameterGroup(r -> r.cacheParameterGroupName("mine").cacheParameterGroupFamily("redis7")
                    .description("again")); // the name is free again
        }
    }

    @Test
    void engineDefaultsPageThroughTheFamily() {
        var first = ec.describeEngineDefaultParameters(r -> r.cacheParameterGroupFamily("redis6.x").maxRecords(20))
                .engineDefaults();
        assertThat(first.cacheParameterGroupFamily()).isEqualTo("redis6.x");
        assertThat(first.parameters()).hasSize(20);
        assertThat(first.marker()).isNotBlank();
        List<String> all = ec.describeEngineDefaultParametersPaginator(r -> r.cacheParameterGroupFamily("redis6.x"))
                .stream().flatMap(page -> page.engineDefaults().parameters().stream()).map(Parameter::parameterName)
                .toList();
        assertThat(all).doesNotHaveDuplicates().contains("hash-max-ziplist-entries", "maxmemory-policy")
                .doesNotContain("hash-max-listpack-entries");
        assertThat(ec.describeEngineDefaultParameters(r -> r.cacheParameterGroupFamily("valkey8")).engineDefaults()
                .parameters()).filteredOn(p -> p.parameterName().equals("repl-backlog-size"))
                .extracting(Parameter::parameterValue).containsExactly("10485760");
        assertFault(() -> ec.describeEngineDefaultParameters(r -> r.cacheParameterGroupFamily("memcached1.6")),
                InvalidParameterValueException.class, 400, "InvalidParameterValue");
    }
}
