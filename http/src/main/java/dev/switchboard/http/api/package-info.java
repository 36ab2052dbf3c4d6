/**
 * The REST controllers: HTTP requests in, commands to the engine or snapshot reads, JSON out.
 *
 * <p>Rule: controllers only translate. Request bodies are read field by field into the core's
 * self-validating configuration records, so every bad input becomes a problem-details answer
 * (4xx with a stable code and the offending field) before anything reaches the engine; the
 * engine's rejections map to 404/409/422 in one place ({@link Problems}). Response bodies are DTO
 * records of this package, never the core's records.
 */
package dev.switchboard.http.api;
