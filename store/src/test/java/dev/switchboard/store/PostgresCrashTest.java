package dev.switchboard.store;

import java.util.List;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** kill -9 against PostgreSQL; runs when SWITCHBOARD_TEST_POSTGRES=1. */
@EnabledIfEnvironmentVariable(
        named = "SWITCHBOARD_TEST_POSTGRES",
        matches = "1",
        disabledReason = TestDatabase.POSTGRES_NOT_SELECTED)
class PostgresCrashTest extends CrashContractTest {
    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }

    @Override
    protected List<String> databaseArguments(TestDatabase database) {
        StoreConfig config = database.config();
        return List.of("jdbc", config.jdbcUrl(), config.user(), config.schema());
    }
}
