package dev.switchboard.engine.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.switchboard.core.command.Command;
import dev.switchboard.core.event.Event;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.model.ProfileId;
import dev.switchboard.core.model.ServiceId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;

/**
 * Builds the {@link ObjectMapper} for core values. Identifiers are plain strings; times are
 * ISO-8601; events and commands carry their type as {@code "type": "CallOffered"}; unknown
 * properties are ignored so older readers survive newer writers.
 */
public final class CoreJson {
    private CoreJson() {}

    /** A mapper configured for core values; safe to share between threads. */
    public static ObjectMapper mapper() {
        SimpleModule ids = new SimpleModule("switchboard-ids");
        id(ids, AgentId.class, AgentId::value, AgentId::new);
        id(ids, ServiceId.class, ServiceId::value, ServiceId::new);
        id(ids, CallId.class, CallId::value, CallId::new);
        id(ids, ProfileId.class, ProfileId::value, ProfileId::new);
        for (Class<?> type : Event.class.getPermittedSubclasses()) {
            ids.registerSubtypes(new NamedType(type, type.getSimpleName()));
        }
        for (Class<?> type : Command.class.getPermittedSubclasses()) {
            ids.registerSubtypes(new NamedType(type, type.getSimpleName()));
        }
        ids.setMixInAnnotation(Event.class, Typed.class);
        ids.setMixInAnnotation(Command.class, Typed.class);
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(ids)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }

    /** Serializes an event; the journal and the event stream use exactly this form. */
    public static String eventToJson(ObjectMapper mapper, Event event) {
        try {
            return mapper.writerFor(Event.class).writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Event eventFromJson(ObjectMapper mapper, String json) {
        try {
            return mapper.readValue(json, Event.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
    private interface Typed {}

    private static <T> void id(
            SimpleModule module, Class<T> type, Function<T, String> value, Function<String, T> parse) {
        module.addSerializer(type, new JsonSerializer<T>() {
            @Override
            public void serialize(T id, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(value.apply(id));
            }
        });
        module.addDeserializer(type, new JsonDeserializer<T>() {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                try {
                    return parse.apply(p.getValueAsString());
                } catch (IllegalArgumentException e) {
                    return ctxt.reportInputMismatch(type, "%s", e.getMessage());
                }
            }
        });
        module.addKeySerializer(type, new JsonSerializer<T>() {
            @Override
            public void serialize(T id, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeFieldName(value.apply(id));
            }
        });
        module.addKeyDeserializer(type, new KeyDeserializer() {
            @Override
            public Object deserializeKey(String key, DeserializationContext ctxt) {
                return parse.apply(key);
            }
        });
    }
}
