package ai.lukhas.pwm.server.http;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/** {@link Exchange} over a Javalin {@link Context}: what the routes do when Javalin serves them. */
record ContextExchange(Context ctx) implements Exchange {
    @Override
    public String method() {
        return ctx.method().name();
    }

    @Override
    public String path() {
        return ctx.path();
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(ctx.header(name));
    }

    @Override
    public String ip() {
        return ctx.ip();
    }

    @Override
    public long contentLength() {
        return ctx.req().getContentLengthLong();
    }

    @Override
    public String body() {
        return ctx.body();
    }

    @Override
    public Optional<Object> attribute(String name) {
        return Optional.ofNullable(ctx.attribute(name));
    }

    @Override
    public void attribute(String name, Object value) {
        ctx.attribute(name, value);
    }

    @Override
    public Optional<String> route() {
        Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
        return matched == null ? Optional.empty() : Optional.of(matched.path);
    }

    @Override
    public int status() {
        return ctx.statusCode();
    }

    @Override
    public void header(String name, String value) {
        ctx.header(name, value);
    }

    @Override
    public void result(int status, String contentType, byte[] body) {
        // bytes, not a String Javalin would encode again; Javalin compresses on writing
        ctx.status(status).contentType(contentType).result(body);
    }

    @Override
    public OutputStream stream(int status, String contentType) throws IOException {
        ctx.status(status);
        ctx.res().setContentType(contentType);
        return ctx.res().getOutputStream();
    }
}
