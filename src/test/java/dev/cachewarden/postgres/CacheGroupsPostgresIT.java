package dev.cachewarden.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cachewarden.junit.Cachewarden;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.CacheParameterGroupAlreadyExistsException;
import software.amazon.awssdk.services.elasticache.model.CacheSubnetGroupAlreadyExistsException;
import software.amazon.awssdk.services.elasticache.model.Parameter;
import software.amazon.awssdk.services.elasticache.model.ParameterNameValue;
import software.amazon.awssdk.services.elasticache.model.Subnet;
import software.amazon.awssdk.services.elasticache.model.Tag;

/** Migration V7 and the subnet/parameter group SQL (MERGE, FETCH FIRST, the in-use join) on PostgreSQL. */
class CacheGroupsPostgresIT {
    static PostgresCluster postgres;
    static Cachewarden server;
    static ElastiCacheClient ec;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresCluster.shared();
        server = Cachewarden.builder().databaseUrl(postgres.createDatabase(), PostgresCluster.USER, "")
                .transitionDelay(Duration.ofMillis(100)).start();
        ec = server.client();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static ParameterNameValue nv(String name, String value) {
        return ParameterNameValue.builder().parameterName(name).parameterValue(value).build();
    }

    @Test
    void groupsAreStoredModifiedPagedAndDeletedOnPostgres() {
        ec.createCacheSubnetGroup(r -> r.cacheSubnetGroupName("pg-sg").cacheSubnetGroupDescription("d")
                .subnetIds("subnet-1a2b3c4d", "subnet-0123456789abcdef0").tags(Tag.builder().key("k").value("v").build()));
        assertThat(catchThrowableOfType(CacheSubnetGroupAlreadyExistsException.class, () -> ec.createCacheSubnetGroup(
                r -> r.cacheSubnetGroupName("pg-sg").cacheSubnetGroupDescription("d").subnetIds("subnet-1a2b3c4d"))))
                .isNotNull();
        ec.modifyCacheSubnetGroup(r -> r.cacheSubnetGroupName("pg-sg").subnetIds("subnet-0123456789abcdef0"));
        assertThat(ec.describeCacheSubnetGroups(r -> r.cacheSubnetGroupName("pg-sg")).cacheSubnetGroups().get(0)
                .subnets()).extracting(Subnet::subnetIdentifier).containsExactly("subnet-0123456789abcdef0");

        ec.createCacheParameterGroup(r -> r.cacheParameterGroupName("pg-pg").cacheParameterGroupFamily("valkey8")
                .description("d"));
        assertThat(catchThrowableOfType(CacheParameterGroupAlreadyExistsException.class,
                () -> ec.createCacheParameterGroup(r -> r.cacheParameterGroupName("pg-pg")
                        .cacheParameterGroupFamily("valkey8").description("d")))).isNotNull();
        ec.modifyCacheParameterGroup(r -> r.cacheParameterGroupName("pg-pg")
                .parameterNameValues(nv("timeout", "5"), nv("maxmemory-policy", "noeviction")));
        ec.modifyCacheParameterGroup(r -> r.cacheParameterGroupName("pg-pg").parameterNameValues(nv("timeout", "7")));
        assertThat(ec.describeCacheParameters(r -> r.cacheParameterGroupName("pg-pg").source("user")).parameters())
                .extracting(Parameter::parameterName, Parameter::parameterValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("maxmemory-policy", "noeviction"),
                        org.assertj.core.groups.Tuple.tuple("timeout", "7"));
        ec.resetCacheParameterGroup(r -> r.cacheParameterGroupName("pg-pg").resetAllParameters(true));
        assertThat(ec.describeCacheParameters(r -> r.cacheParameterGroupName("pg-pg").source("user")).parameters())
                .isEmpty();
        assertThat(ec.describeCacheParameterGroups(r -> r.maxRecords(20)).cacheParameterGroups()).hasSize(9);

        ec.deleteCacheSubnetGroup(r -> r.cacheSubnetGroupName("pg-sg"));
        ec.deleteCacheParameterGroup(r -> r.cacheParameterGroupName("pg-pg"));
        assertThat(ec.describeCacheSubnetGroups().cacheSubnetGroups()).hasSize(1); // default
    }
}
