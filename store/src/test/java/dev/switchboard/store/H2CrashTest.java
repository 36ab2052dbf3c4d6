package dev.switchboard.store;

import java.util.List;

/** kill -9 against the embedded H2 file database. */
class H2CrashTest extends CrashContractTest {
    @Override
    protected TestDatabase database() {
        return TestDatabase.h2();
    }

    @Override
    protected List<String> databaseArguments(TestDatabase database) {
        return List.of("h2", ((TestDatabase.H2) database).directory().toString());
    }
}
