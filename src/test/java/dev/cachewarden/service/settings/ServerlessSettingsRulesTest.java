package dev.cachewarden.service.settings;

import static dev.cachewarden.service.settings.SettingsRulesTest.refused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.domain.CacheSettings;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** CreateServerlessCache / ModifyServerlessCache settings: AWS's ranges and formats, each refusal with its code. */
class ServerlessSettingsRulesTest {
    static ServerlessSettingsRequest.UsageLimitsRequest limits(Integer dataMax, Integer dataMin, String unit,
                                                               Integer ecpuMax, Integer ecpuMin) {
        return new ServerlessSettingsRequest.UsageLimitsRequest(Optional.ofNullable(dataMax),
                Optional.ofNullable(dataMin), Optional.ofNullable(unit), dataMax != null || dataMin != null
                || unit != null, Optional.ofNullable(ecpuMax), Optional.ofNullable(ecpuMin));
    }

    static ServerlessSettingsRequest withLimits(ServerlessSettingsRequest.UsageLimitsRequest l) {
        return new ServerlessSettingsRequest(Optional.of(l), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void usageLimitsAreInAwsRanges() {
        refused(() -> ServerlessSettingsRules.forCreate(withLimits(limits(5001, null, "GB", null, null))),
                "InvalidParameterValue", 400, "between 1 and 5000");
        refused(() -> ServerlessSettingsRules.forCreate(withLimits(limits(10, null, null, null, null))),
                "InvalidParameterValue", 400, "Unit");
        refused(() -> ServerlessSettingsRules.forCreate(withLimits(limits(10, null, "TB", null, null))),
                "InvalidParameterValue", 400, "GB");
        refused(() -> ServerlessSettingsRules.forCreate(withLimits(limits(null, null, "GB", null, null))),
                "InvalidParameterValue", 400, "Maximum or a Minimum");
        refused(() -> ServerlessSettingsRules.forCreate(withLimits(limits(5, 10, "GB", null, null))),
                "InvalidParameterCombination", 400, "must not exceed");
        refused(() -> ServerlessSettingsRules.forCreate(withLimits(limits(null, null, null, 999, null))),
                "InvalidParameterValue", 400, "ECPUPerSecond.Maximum");
        refused(() -> ServerlessSettingsRules.forCreate(withLimits(limits(null, null, null, 15_000_001, null))),
                "InvalidParameterValue", 400, "ECPUPerSecond.Maximum");
        CacheSettings s = ServerlessSettingsRules.forCreate(withLimits(limits(100, 1, "GB", 15_000_000, 1000)));
        assertThat(s.usageLimits()).isEqualTo(new CacheSettings.UsageLimits(1, 100, 1000, 15_000_000));
    }

    @Test
    void idsSnapshotsAndRestoresAreChecked() {
        ServerlessSettingsRequest none = ServerlessSettingsRequest.none();
        refused(() -> ServerlessSettingsRules.forCreate(new ServerlessSettingsRequest(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(List.of("sub-1")), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty())), "InvalidParameterValue", 400, "subnet id");
        refused(() -> ServerlessSettingsRules.forCreate(new ServerlessSettingsRequest(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("4am"), Optional.empty(),
                Optional.empty())), "InvalidParameterValue", 400, "DailySnapshotTime");
        refused(() -> ServerlessSettingsRules.forCreate(new ServerlessSettingsRequest(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(36), Optional.empty(), Optional.empty(),
                Optional.empty())), "InvalidParameterValue", 400, "SnapshotRetentionLimit");
        refused(() -> ServerlessSettingsRules.forCreate(new ServerlessSettingsRequest(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(List.of("arn:aws:elasticache:us-east-1:123456789012:serverlesscachesnapshot:s")))),
                "ServerlessCacheSnapshotNotFoundFault", 404, "serverlesscachesnapshot:s");
        assertThat(ServerlessSettingsRules.forCreate(none)).isEqualTo(ServerlessSettingsRules.defaults());
        assertThat(ServerlessSettingsRules.forModify(ServerlessSettingsRules.defaults(), none)).isEmpty();
    }
}
