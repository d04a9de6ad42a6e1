package dev.cachewarden.caches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.cachewarden.engine.node.NodeSupervisor;
import dev.cachewarden.junit.Cachewarden;
import dev.cachewarden.e2e.NodeAdmin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.CacheCluster;
import software.amazon.awssdk.services.elasticache.model.CacheParameterGroupNotFoundException;
import software.amazon.awssdk.services.elasticache.model.CacheSubnetGroupInUseException;
import software.amazon.awssdk.services.elasticache.model.CacheSubnetGroupNotFoundException;
import software.amazon.awssdk.services.elasticache.model.ElastiCacheException;
import software.amazon.awssdk.services.elasticache.model.InvalidCacheParameterGroupStateException;
import software.amazon.awssdk.services.elasticache.model.InvalidParameterCombinationException;
import software.amazon.awssdk.services.elasticache.model.ParameterNameValue;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroupNotFoundException;
import software.amazon.awssdk.services.elasticache.model.SubnetInUseException;

/**
 * Issue 14 item 1 on real nodes: a replication group names a subnet group and a parameter group
 * (both checked, answered, in use while it lives); the parameter group's values reach its node, read
 * back with CONFIG GET, and come back after the node is killed and restarted.
 */
class CacheGroupsIT {
    static final String S1 = "subnet-0123456789abcdef0";

    static ParameterNameValue nv(String name, String value) {
        return ParameterNameValue.builder().parameterName(name).parameterValue(value).build();
    }

    static <T extends ElastiCacheException> void fault(Runnable call, Class<T> type, String code) {
        T e = catchThrowableOfType(type, call::run);
        assertThat(e).as(code).isNotNull();
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
    }

    @Test
    void aReplicationGroupsParameterGroupReachesItsNodeAndSurvivesANodeRestart() throws Exception {
        Path data = Files.createTempDirectory("cw-groups");
        try (Cachewarden cw = Cachewarden.builder().dataDir(data).transitionDelay(Duration.ofMillis(200))
                .reconcileInterval(Duration.ofSeconds(1)).start()) {
            ElastiCacheClient ec = cw.client();
            TlsGroups.createUserGroup(ec);
            ec.createCacheSubnetGroup(r -> r.cacheSubnetGroupName("sg").cacheSubnetGroupDescription("app").subnetIds(S1));
            ec.createCacheParameterGroup(r -> r.cacheParameterGroupName("pg").cacheParameterGroupFamily("redis7")
                    .description("app"));
            ec.createCacheParameterGroup(r -> r.cacheParameterGroupName("pg-other").cacheParameterGroupFamily("redis7")
                    .description("defaults"));
            ec.createCacheParameterGroup(r -> r.cacheParameterGroupName("pg6").cacheParameterGroupFamily("redis6.x")
                    .description("old family"));
            ec.modifyCacheParameterGroup(r -> r.cacheParameterGroupName("pg").parameterNameValues(
                    nv("maxmemory-policy", "allkeys-lru"), nv("notify-keyspace-events", "Ex"), nv("timeout", "300"),
                    nv("reserved-memory-percent", "30")));

            // References are checked before anything is made.
            fault(() -> create(ec, "nosuch", "pg"), CacheSubnetGroupNotFoundException.class, "CacheSubnetGroupNotFoundFault");
            fault(() -> create(ec, "sg", "nosuch"), CacheParameterGroupNotFoundException.class, "CacheParameterGroupNotFound");
            fault(() -> create(ec, "sg", "pg6"), InvalidParameterCombinationException.class, "InvalidParameterCombination");
            fault(() -> ec.describeReplicationGroups(r -> r.replicationGroupId("rg")), ReplicationGroupNotFoundException.class,
                    "ReplicationGroupNotFoundFault");

            create(ec, "sg", "pg");
            ReplicationGroup rg = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(
                    () -> ec.describeReplicationGroups(r -> r.replicationGroupId("rg")).replicationGroups().get(0),
                    g -> g.status().equals("available"));
            String nodeId = TlsGroups.memberIds(rg).get(0);
            CacheCluster cluster = ec.describeCacheClusters(r -> r.cacheClusterId(nodeId)).cacheClusters().get(0);
            assertThat(cluster.cacheSubnetGroupName()).isEqualTo("sg");
            assertThat(cluster.cacheParameterGroup().cacheParameterGroupName()).isEqualTo("pg");
            assertThat(cluster.cacheParameterGroup().parameterApplyStatus()).isEqualTo("in-sync");

            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() ->
                    assertThat(NodeAdmin.config(data, nodeId, "maxmemory-policy", "timeout", "notify-keyspace-events"))
                            .containsEntry("maxmemory-policy", "allkeys-lru").containsEntry("timeout", "300")
                            .hasEntrySatisfying("notify-keyspace-events", v ->
                                    assertThat(v).hasSize(2).contains("E", "x")));

            // In use while the replication group lives.
            fault(() -> ec.deleteCacheSubnetGroup(r -> r.cacheSubnetGroupName("sg")), CacheSubnetGroupInUseException.class,
                    "CacheSubnetGroupInUse");
            fault(() -> ec.modifyCacheSubnetGroup(r -> r.cacheSubnetGroupName("sg").subnetIds("subnet-1a2b3c4d")),
                    SubnetInUseException.class, "SubnetInUse");
            fault(() -> ec.deleteCacheParameterGroup(r -> r.cacheParameterGroupName("pg")),
                    InvalidCacheParameterGroupStateException.class, "InvalidCacheParameterGroupState");

            // A change of the group reaches the node, and survives the node's SIGKILL and restart.
            ec.modifyCacheParameterGroup(r -> r.cacheParameterGroupName("pg").parameterNameValues(
                    nv("maxmemory-policy", "volatile-ttl")));
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() ->
                    NodeAdmin.config(data, nodeId, "maxmemory-policy").get("maxmemory-policy").equals("volatile-ttl"));
            NodeSupervisor supervisor = cw.server().nodes().supervisor();
            long pid = supervisor.pid(nodeId).orElseThrow();
            NodeProcesses.kill9(pid);
            await().atMost(Duration.ofSeconds(30)).until(() -> supervisor.pid(nodeId).filter(p -> p != pid).isPresent());
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                    assertThat(NodeAdmin.config(data, nodeId, "maxmemory-policy", "timeout"))
                            .containsEntry("maxmemory-policy", "volatile-ttl").containsEntry("timeout", "300"));

            // Another group named by ModifyReplicationGroup: its values (here the defaults) replace them.
            ec.modifyReplicationGroup(r -> r.replicationGroupId("rg").cacheParameterGroupName("pg-other")
                    .applyImmediately(true));
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() ->
                    assertThat(NodeAdmin.config(data, nodeId, "maxmemory-policy", "timeout"))
                            .containsEntry("maxmemory-policy", "volatile-lru").containsEntry("timeout", "0"));
            assertThat(ec.describeCacheClusters(r -> r.cacheClusterId(nodeId)).cacheClusters().get(0)
                    .cacheParameterGroup().cacheParameterGroupName()).isEqualTo("pg-other");
            fault(() -> ec.modifyReplicationGroup(r -> r.replicationGroupId("rg").cacheParameterGroupName("pg6")),
                    InvalidParameterCombinationException.class, "InvalidParameterCombination");
            ec.deleteCacheParameterGroup(r -> r.cacheParameterGroupName("pg")); // no longer in use

            ec.deleteReplicationGroup(r -> r.replicationGroupId("rg"));
            await().atMost(Duration.ofSeconds(30)).until(() -> ec.describeReplicationGroups(r -> { }).replicationGroups()
                    .isEmpty());
            ec.deleteCacheSubnetGroup(r -> r.cacheSubnetGroupName("sg"));
            ec.deleteCacheParameterGroup(r -> r.cacheParameterGroupName("pg-other"));
        } finally {
            NodeProcesses.stopAll(data);
        }
    }

    private static void create(ElastiCacheClient ec, String subnetGroup, String parameterGroup) {
        ec.createReplicationGroup(r -> r.replicationGroupId("rg").replicationGroupDescription("groups")
                .numCacheClusters(1).transitEncryptionEnabled(true).userGroupIds("g")
                .cacheSubnetGroupName(subnetGroup).cacheParameterGroupName(parameterGroup));
    }
}
