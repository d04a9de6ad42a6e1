package dev.cachewarden.api;

import dev.cachewarden.domain.Authentication;
import dev.cachewarden.domain.Tag;
import dev.cachewarden.domain.User;
import dev.cachewarden.domain.UserGroup;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.Page;
import dev.cachewarden.service.ServiceSettings;
import java.util.List;
import java.util.function.BiConsumer;

/** The User, UserGroup and TagList shapes as the model lays them out. */
final class ResourceXml {
    private ResourceXml() {}

    /** A page as its own fragment (UTF-8): {@code <listName>} with a {@code <member>} per item, then the Marker. */
    static <T> byte[] page(String listName, Page<T> page, BiConsumer<XmlWriter, T> member) {
        XmlWriter xml = new XmlWriter().start(listName);
        for (T item : page.items()) {
            xml.start("member");
            member.accept(xml, item);
            xml.end();
        }
        return xml.end().element("Marker", page.marker()).toUtf8();
    }

    static void user(XmlWriter xml, User u, ServiceSettings settings) {
        xml.element("UserId", u.userId())
                .element("UserName", u.userName())
                .element("Status", u.status().wire())
                .element("Engine", u.engine().wire())
                .element("MinimumEngineVersion", u.minimumEngineVersion())
                .element("AccessString", u.accessString().canonical())
                .memberList("UserGroupIds", u.userGroupIds())
                .start("Authentication")
                .element("Type", u.authentication().type());
        if (u.authentication() instanceof Authentication.Password p) {
            xml.element("PasswordCount", p.hashes().size());
        }
        xml.end().element("ARN", settings.userArn(u.userId()));
    }

    static void userGroup(XmlWriter xml, UserGroup g, ServiceSettings settings) {
        xml.element("UserGroupId", g.userGroupId())
                .element("Status", g.status().wire())
                .element("Engine", g.engine().wire())
                .memberList("UserIds", g.userIds())
                .element("MinimumEngineVersion", g.minimumEngineVersion());
        if (g.pendingChanges() != null) {
            xml.start("PendingChanges");
            if (!g.pendingChanges().userIdsToRemove().isEmpty()) {
                xml.memberList("UserIdsToRemove", g.pendingChanges().userIdsToRemove());
            }
            if (!g.pendingChanges().userIdsToAdd().isEmpty()) {
                xml.memberList("UserIdsToAdd", g.pendingChanges().userIdsToAdd());
            }
            xml.end();
        }
        xml.memberList("ReplicationGroups", g.replicationGroups())
                .memberList("ServerlessCaches", g.serverlessCaches())
                .element("ARN", settings.userGroupArn(g.userGroupId()));
    }

    static void tagList(XmlWriter xml, List<Tag> tags) {
        if (tags.isEmpty()) {
            xml.memberList("TagList", List.of());
            return;
        }
        xml.start("TagList");
        for (Tag t : tags) {
            xml.start("Tag").element("Key", t.key()).element("Value", t.value()).end();
        }
        xml.end();
    }
}
