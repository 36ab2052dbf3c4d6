package dev.switchboard.store.journal;

import dev.switchboard.store.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Ownership of a tenant: who may append to its journal. Taking the lease raises the tenant's
 * epoch; appends carry the epoch they were taken with and are refused once it is no longer the
 * current one. Deciding which process should own a tenant (one per machine today, a cluster's
 * assignment later) is not this class's business: it only makes sure a superseded owner cannot
 * write.
 *
 * @param epoch strictly increasing per tenant; 1 for the first owner
 */
public record TenantLease(String tenant, long epoch, String owner, Instant acquiredAt) {

    /**
     * Takes the tenant over in the connection's current transaction; the caller commits. Waits
     * for an append in flight (it holds the lease row's lock), so the new owner sees every event
     * the old one appended.
     */
    static TenantLease acquire(Connection c, String tenant, String owner, Instant now) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE tenant_lease SET epoch = epoch + 1, owner = ?, acquired_at = ? WHERE tenant = ?")) {
                ps.setString(1, owner);
                Jdbc.setInstant(ps, 2, now);
                ps.setString(3, tenant);
                if (ps.executeUpdate() == 1) {
                    return current(c, tenant).orElseThrow();
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO tenant_lease (tenant, epoch, owner, acquired_at) VALUES (?, 1, ?, ?)")) {
                ps.setString(1, tenant);
                ps.setString(2, owner);
                Jdbc.setInstant(ps, 3, now);
                ps.executeUpdate();
                return new TenantLease(tenant, 1, owner, now);
            } catch (SQLException e) {
                // Another process created the row first: take it over from there.
                if (attempt > 0 || !isUniqueViolation(e)) {
                    throw e;
                }
                c.rollback();
            }
        }
    }

    /** The tenant's current lease, locking its row until the transaction ends. */
    static Optional<TenantLease> lockCurrent(Connection c, String tenant) throws SQLException {
        return query(c, tenant, " FOR UPDATE");
    }

    static Optional<TenantLease> current(Connection c, String tenant) throws SQLException {
        return query(c, tenant, "");
    }

    private static Optional<TenantLease> query(Connection c, String tenant, String suffix) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT epoch, owner, acquired_at FROM tenant_lease WHERE tenant = ?" + suffix)) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new TenantLease(
                        tenant, rs.getLong("epoch"), rs.getString("owner"), Jdbc.getInstant(rs, "acquired_at")));
            }
        }
    }

    /** SQL state 23505 is a unique violation on both PostgreSQL and H2. */
    static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }
}
