package dev.cachewarden.service.settings;

import dev.cachewarden.domain.fault.ElastiCacheFault;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The formats of the settings ElastiCache checks on its own (no other resource involved): time
 * windows, snapshot retention, ARNs and EC2 ids. Each refusal is InvalidParameterValue, as AWS's.
 */
final class SettingFormats {
    static final int MAX_SNAPSHOT_RETENTION = 35;
    private static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");
    private static final int WEEK = 7 * 24 * 60;
    private static final int DAY = 24 * 60;
    private static final Pattern WEEKLY = Pattern.compile(
            "(sun|mon|tue|wed|thu|fri|sat):([01]\\d|2[0-3]):([0-5]\\d)-(sun|mon|tue|wed|thu|fri|sat):([01]\\d|2[0-3]):([0-5]\\d)");
    private static final Pattern DAILY = Pattern.compile("([01]\\d|2[0-3]):([0-5]\\d)-([01]\\d|2[0-3]):([0-5]\\d)");
    private static final Pattern TIME = Pattern.compile("([01]\\d|2[0-3]):([0-5]\\d)");
    private static final Pattern SNS_TOPIC = Pattern.compile("arn:aws(-[a-z]+)*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}");
    private static final Pattern KMS_KEY = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
            + "|mrk-[0-9a-f]{32}|alias/[A-Za-z0-9/_-]{1,250}"
            + "|arn:aws(-[a-z]+)*:kms:[a-z0-9-]+:\\d{12}:(key/([0-9a-f-]{36}|mrk-[0-9a-f]{32})|alias/[A-Za-z0-9/_-]{1,250})");
    private static final Pattern SECURITY_GROUP = Pattern.compile("sg-([0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern SUBNET = Pattern.compile("subnet-([0-9a-f]{8}|[0-9a-f]{17})");

    private SettingFormats() {}

    /** A weekly window {@code ddd:hh24:mi-ddd:hh24:mi} (UTC) of at least 60 minutes; answered in lower case. */
    static String maintenanceWindow(String window) {
        String w = window.toLowerCase(Locale.ROOT);
        Matcher m = WEEKLY.matcher(w);
        if (!m.matches() || minutes(weeklyStart(m), weeklyEnd(m), WEEK) < 60) {
            throw ElastiCacheFault.invalidValue("Invalid PreferredMaintenanceWindow '" + window + "': it must be "
                    + "ddd:hh24:mi-ddd:hh24:mi (UTC), at least 60 minutes long.");
        }
        return w;
    }

    /** A daily window {@code hh24:mi-hh24:mi} (UTC) of at least 60 minutes. */
    static String snapshotWindow(String window) {
        Matcher m = DAILY.matcher(window);
        if (!m.matches() || minutes(dailyStart(m), dailyEnd(m), DAY) < 60) {
            throw ElastiCacheFault.invalidValue("Invalid SnapshotWindow '" + window + "': it must be hh24:mi-hh24:mi "
                    + "(UTC), at least 60 minutes long.");
        }
        return window;
    }

    /** A serverless cache's DailySnapshotTime, {@code hh24:mi} (UTC). */
    static String dailySnapshotTime(String time) {
        if (!TIME.matcher(time).matches()) {
            throw ElastiCacheFault.invalidValue("Invalid DailySnapshotTime '" + time + "': it must be hh24:mi (UTC).");
        }
        return time;
    }

    /** Whether a daily snapshot window meets a weekly maintenance window on any day. */
    static boolean overlap(String snapshotWindow, String maintenanceWindow) {
        Matcher d = DAILY.matcher(snapshotWindow);
        Matcher w = WEEKLY.matcher(maintenanceWindow);
        if (!d.matches() || !w.matches()) {
            return false;
        }
        int mStart = weeklyStart(w);
        int mLength = minutes(mStart, weeklyEnd(w), WEEK);
        int sLength = minutes(dailyStart(d), dailyEnd(d), DAY);
        for (int day = 0; day < 7; day++) {
            int sStart = day * DAY + dailyStart(d);
            // Two intervals on a circle meet when either start lies inside the other interval.
            if (Math.floorMod(sStart - mStart, WEEK) < mLength || Math.floorMod(mStart - sStart, WEEK) < sLength) {
                return true;
            }
        }
        return false;
    }

    static int snapshotRetentionLimit(int limit) {
        if (limit < 0 || limit > MAX_SNAPSHOT_RETENTION) {
            throw ElastiCacheFault.invalidValue("Invalid SnapshotRetentionLimit " + limit + ": it must be between 0 and "
                    + MAX_SNAPSHOT_RETENTION + " days.");
        }
        return limit;
    }

    static String notificationTopicArn(String arn) {
        if (!SNS_TOPIC.matcher(arn).matches()) {
            throw ElastiCacheFault.invalidValue("Invalid NotificationTopicArn '" + arn + "': it must be an Amazon SNS "
                    + "topic ARN.");
        }
        return arn;
    }

    static String kmsKeyId(String key) {
        if (!KMS_KEY.matcher(key).matches()) {
            throw ElastiCacheFault.invalidValue("Invalid KmsKeyId '" + key + "': give a key id, a key ARN, an alias "
                    + "name or an alias ARN.");
        }
        return key;
    }

    static List<String> securityGroupIds(List<String> ids) {
        return ids(ids, SECURITY_GROUP, "SecurityGroupIds", "security group id");
    }

    static List<String> subnetIds(List<String> ids) {
        return ids(ids, SUBNET, "SubnetIds", "subnet id");
    }

    static <T> T oneOf(String parameter, T value, List<T> allowed) {
        if (!allowed.contains(value)) {
            throw ElastiCacheFault.invalidValue("Invalid " + parameter + " '" + value + "': use one of " + allowed + ".");
        }
        return value;
    }

    private static List<String> ids(List<String> ids, Pattern format, String parameter, String what) {
        for (String id : ids) {
            if (!format.matcher(id).matches()) {
                throw ElastiCacheFault.invalidValue("Invalid " + parameter + ": '" + id + "' is not a valid " + what
                        + ".");
            }
        }
        return List.copyOf(new java.util.LinkedHashSet<>(ids));
    }

    private static int weeklyStart(Matcher m) {
        return DAYS.indexOf(m.group(1)) * DAY + Integer.parseInt(m.group(2)) * 60 + Integer.parseInt(m.group(3));
    }

    private static int weeklyEnd(Matcher m) {
        return DAYS.indexOf(m.group(4)) * DAY + Integer.parseInt(m.group(5)) * 60 + Integer.parseInt(m.group(6));
    }

    private static int dailyStart(Matcher m) {
        return Integer.parseInt(m.group(1)) * 60 + Integer.parseInt(m.group(2));
    }

    private static int dailyEnd(Matcher m) {
        return Integer.parseInt(m.group(3)) * 60 + Integer.parseInt(m.group(4));
    }

    /** The length of [start, end) on a circle of {@code period} minutes; 0 when they coincide. */
    private static int minutes(int start, int end, int period) {
        return Math.floorMod(end - start, period);
    }
}
