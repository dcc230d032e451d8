package dev.rewind.protocol;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;

/** Writes a response's JSON body. */
@FunctionalInterface
public interface ResponseBody {
    ResponseBody EMPTY = g -> {
        g.writeStartObject();
        g.writeEndObject();
    };

    void write(JsonGenerator g) throws IOException;
}
