package dev.cachewarden.service.settings;

import dev.cachewarden.domain.CacheSettings;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import java.util.ArrayList;
import java.util.List;

/**
 * LogDeliveryConfigurations: at most one a log type (slow-log, engine-log), each with a destination
 * of its type (a CloudWatch Logs group or a Kinesis Data Firehose stream) and a format. The logs are
 * not shipped anywhere; the configuration is kept and answered.
 */
final class LogDeliveries {
    private static final List<String> LOG_TYPES = List.of("slow-log", "engine-log");
    private static final List<String> DESTINATION_TYPES = List.of("cloudwatch-logs", "kinesis-firehose");
    private static final List<String> FORMATS = List.of("text", "json");

    private LogDeliveries() {}

    static List<CacheSettings.LogDelivery> forCreate(List<SettingsRequest.LogDeliveryRequest> asked) {
        List<CacheSettings.LogDelivery> out = new ArrayList<>();
        for (SettingsRequest.LogDeliveryRequest r : asked) {
            if (r.enabled().orElse(true)) {
                add(out, parse(r));
            }
        }
        return List.copyOf(out);
    }

    /** The configurations after a modify: each entry replaces its log type's, or with Enabled=false removes it. */
    static List<CacheSettings.LogDelivery> forModify(List<CacheSettings.LogDelivery> current,
                                                     List<SettingsRequest.LogDeliveryRequest> asked) {
        List<CacheSettings.LogDelivery> out = new ArrayList<>(current);
        List<String> seen = new ArrayList<>();
        for (SettingsRequest.LogDeliveryRequest r : asked) {
            String type = logType(r);
            if (seen.contains(type)) {
                throw duplicate(type);
            }
            seen.add(type);
            out.removeIf(l -> l.logType().equals(type));
            if (r.enabled().orElse(true)) {
                out.add(parse(r));
            }
        }
        return List.copyOf(out);
    }

    private static void add(List<CacheSettings.LogDelivery> into, CacheSettings.LogDelivery delivery) {
        if (into.stream().anyMatch(l -> l.logType().equals(delivery.logType()))) {
            throw duplicate(delivery.logType());
        }
        into.add(delivery);
    }

    private static CacheSettings.LogDelivery parse(SettingsRequest.LogDeliveryRequest r) {
        String type = logType(r);
        String destinationType = SettingFormats.oneOf("DestinationType", r.destinationType().orElseThrow(() ->
                missing("DestinationType", type)), DESTINATION_TYPES);
        String format = SettingFormats.oneOf("LogFormat", r.logFormat().orElseThrow(() -> missing("LogFormat", type)),
                FORMATS);
        boolean cloudWatch = destinationType.equals("cloudwatch-logs");
        String destination = (cloudWatch ? r.logGroup() : r.deliveryStream()).filter(d -> !d.isEmpty())
                .orElseThrow(() -> missing(cloudWatch ? "DestinationDetails.CloudWatchLogsDetails.LogGroup"
                        : "DestinationDetails.KinesisFirehoseDetails.DeliveryStream", type));
        if ((cloudWatch ? r.deliveryStream() : r.logGroup()).isPresent()) {
            throw ElastiCacheFault.invalidCombination("The DestinationDetails of the " + type + " configuration must "
                    + "match its DestinationType " + destinationType + ".");
        }
        return new CacheSettings.LogDelivery(type, destinationType, destination, format);
    }

    private static String logType(SettingsRequest.LogDeliveryRequest r) {
        return SettingFormats.oneOf("LogType", r.logType().orElseThrow(() -> ElastiCacheFault.invalidValue(
                "Each LogDeliveryConfigurationRequest needs a LogType (slow-log or engine-log).")), LOG_TYPES);
    }

    private static ElastiCacheFault missing(String parameter, String type) {
        return ElastiCacheFault.invalidValue("The " + type + " LogDeliveryConfigurationRequest needs " + parameter + ".");
    }

    private static ElastiCacheFault duplicate(String type) {
        return ElastiCacheFault.invalidCombination("LogDeliveryConfigurations can hold only one configuration of log "
                + "type " + type + ".");
    }
}
