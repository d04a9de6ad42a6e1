package dev.cachewarden.api;

import dev.cachewarden.domain.CacheParameter;
import dev.cachewarden.domain.CacheParameterGroup;
import dev.cachewarden.domain.ParameterValue;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.cache.CacheParameterGroupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The CacheParameterGroup and Parameter shapes as the model lays them out, and ParameterNameValues. */
final class ParameterGroupXml {
    private ParameterGroupXml() {}

    static void group(XmlWriter xml, CacheParameterGroup g, CacheParameterGroupService service) {
        xml.element("CacheParameterGroupName", g.name())
                .element("CacheParameterGroupFamily", g.family())
                .element("Description", g.description())
                .element("IsGlobal", false)
                .element("ARN", service.arn(g.name()));
    }

    static void parameters(XmlWriter xml, List<ParameterValue> values) {
        xml.start("Parameters");
        for (ParameterValue v : values) {
            CacheParameter p = v.parameter();
            xml.start("Parameter")
                    .element("ParameterName", p.name())
                    .element("ParameterValue", v.value().isEmpty() ? null : v.value())
                    .element("Description", p.description())
                    .element("Source", v.source())
                    .element("DataType", p.dataType())
                    .element("AllowedValues", p.allowedValues().isEmpty() ? null : p.allowedValues())
                    .element("IsModifiable", p.modifiable())
                    .element("MinimumEngineVersion", p.minimumEngineVersion())
                    .element("ChangeType", p.changeType().wire())
                    .end();
        }
        xml.end().memberList("CacheNodeTypeSpecificParameters", List.of());
    }

    /** {@code ParameterNameValues.ParameterNameValue.N.ParameterName/ParameterValue}; some clients use {@code member}. */
    static Optional<List<CacheParameterGroupService.NameValue>> nameValues(QueryRequest request) {
        Optional<List<String>> prefixes = request.structPrefixes("ParameterNameValues", "ParameterNameValue");
        if (prefixes.isEmpty() || prefixes.get().isEmpty()) {
            Optional<List<String>> members = request.structPrefixes("ParameterNameValues", "member");
            if (members.isPresent()) {
                prefixes = members;
            }
        }
        return prefixes.map(list -> {
            List<CacheParameterGroupService.NameValue> out = new ArrayList<>();
            for (String prefix : list) {
                out.add(new CacheParameterGroupService.NameValue(request.string(prefix + "ParameterName").orElse(null),
                        request.string(prefix + "ParameterValue").orElse(null)));
            }
            return out;
        });
    }
}
