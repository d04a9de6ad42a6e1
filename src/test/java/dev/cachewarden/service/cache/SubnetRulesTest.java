package dev.cachewarden.service.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.domain.fault.Fault;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SubnetRulesTest {
    static Fault fault(Runnable call) {
        try {
            call.run();
        } catch (ElastiCacheFault e) {
            return e.fault();
        }
        return null;
    }

    @Test
    void subnetIdsHaveEc2sShapeAndAreKeptInOrderOnce() {
        assertThat(SubnetRules.subnetIds(Optional.of(List.of("subnet-1a2b3c4d", "subnet-0123456789abcdef0",
                "subnet-1a2b3c4d")))).containsExactly("subnet-1a2b3c4d", "subnet-0123456789abcdef0");
        assertThat(fault(() -> SubnetRules.subnetIds(Optional.of(List.of("subnet-1A2B3C4D"))))).isEqualTo(Fault.INVALID_SUBNET);
        assertThat(fault(() -> SubnetRules.subnetIds(Optional.of(List.of("subnet-123"))))).isEqualTo(Fault.INVALID_SUBNET);
        assertThat(fault(() -> SubnetRules.subnetIds(Optional.of(List.of()))))
                .isEqualTo(Fault.INVALID_PARAMETER_VALUE);
        List<String> twentyOne = IntStream.range(0, 21).mapToObj(i -> String.format("subnet-%08x", i)).toList();
        assertThat(fault(() -> SubnetRules.subnetIds(Optional.of(twentyOne)))).isEqualTo(Fault.CACHE_SUBNET_QUOTA_EXCEEDED);
        assertThat(SubnetRules.subnetIds(Optional.of(twentyOne.subList(0, 20)))).hasSize(20);
    }

    @Test
    void namesAreAlphanumericOrHyphensAndStoredLowercase() {
        assertThat(SubnetRules.name("My-Subnets-1")).isEqualTo("my-subnets-1");
        assertThat(SubnetRules.name("a".repeat(255))).hasSize(255);
        assertThatThrownBy(() -> SubnetRules.name("a".repeat(256))).isInstanceOf(ElastiCacheFault.class);
        assertThatThrownBy(() -> SubnetRules.name("with_underscore")).isInstanceOf(ElastiCacheFault.class);
        assertThatThrownBy(() -> SubnetRules.name("")).isInstanceOf(ElastiCacheFault.class);
    }

    @Test
    void zonesAndTheDefaultVpcAreStableForAnAccountAndRegion() {
        String zone = SubnetRules.availabilityZone("eu-west-1", "subnet-1a2b3c4d");
        assertThat(zone).matches("eu-west-1[abc]").isEqualTo(SubnetRules.availabilityZone("eu-west-1", "subnet-1a2b3c4d"));
        assertThat(SubnetRules.vpcId("us-east-1", "000000000000")).matches("vpc-[0-9a-f]{17}")
                .isNotEqualTo(SubnetRules.vpcId("us-east-1", "111111111111"));
        List<String> defaults = SubnetRules.defaultSubnets("us-east-1", "000000000000");
        assertThat(defaults).hasSize(3).allMatch(id -> id.matches("subnet-[0-9a-f]{17}"));
        assertThat(defaults).extracting(id -> SubnetRules.availabilityZone("us-east-1", id))
                .containsExactly("us-east-1a", "us-east-1b", "us-east-1c");
    }
}
