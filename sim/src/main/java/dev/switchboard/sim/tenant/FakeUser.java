package dev.switchboard.sim.tenant;

/** A directory user whose presence the tenant serves; {@code id} is the Entra object id (GUID). */
public record FakeUser(String id, String userPrincipalName, String displayName) {}
