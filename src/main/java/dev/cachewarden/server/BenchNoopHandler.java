package dev.cachewarden.server;

import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The benchmark's ceiling (docs/bench.md): {@code POST /__noop} read to the end and answered with a
 * fixed DescribeUsers-sized document, with no decoding, rules or store behind it. Installed only by
 * the hidden {@code serve --bench-noop} flag, so the API path never sees it.
 */
final class BenchNoopHandler extends Handler.Abstract {
    static final String PATH = "/__noop";
    private static final String BODY = """
            <DescribeUsersResponse xmlns="http://elasticache.amazonaws.com/doc/2015-02-02/"><DescribeUsersResult>\
            <Users><member><UserId>default</UserId><UserName>default</UserName><Status>active</Status>\
            <Engine>redis</Engine><MinimumEngineVersion>6.0</MinimumEngineVersion><AccessString>on ~* +@all\
            </AccessString><UserGroupIds/><Authentication><Type>no-password</Type></Authentication>\
            <ARN>arn:aws:elasticache:us-east-1:000000000000:user:default</ARN></member></Users>\
            </DescribeUsersResult><ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000\
            </RequestId></ResponseMetadata></DescribeUsersResponse>""";

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
        if (!PATH.equals(Request.getPathInContext(request))) {
            return false;
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            in.transferTo(java.io.OutputStream.nullOutputStream()); // read it all, as the API handler does
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/xml;charset=UTF-8");
        Content.Sink.write(response, true, BODY, callback);
        return true;
    }
}
