package dev.switchboard.sim.tenant;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** The tenant's directory: generated users with their presence, sign-in accounts and apps. */
final class Directory {
    private static final String[] FIRST = {
        "Adele", "Alex", "Allan", "Bianca", "Brian", "Carla", "Chen", "Dara", "Diego", "Elif", "Emma", "Farid",
        "Grace", "Hana", "Henrik", "Ines", "Isaiah", "Jana", "Johanna", "Kenji", "Lara", "Lee", "Lidia", "Lynne",
        "Maja", "Megan", "Miriam", "Nestor", "Nia", "Omar", "Patti", "Pradeep", "Priya", "Rosa", "Sami", "Sofia",
        "Tariq", "Ulla", "Vera", "Wen", "Yara", "Zoe"
    };
    private static final String[] LAST = {
        "Vance",
        "Wilber",
        "Deyoung",
        "Pires",
        "Johnson",
        "Nakamura",
        "Kowalski",
        "Ortiz",
        "Berg",
        "Okafor",
        "Schmid",
        "Haddad",
        "Moreau",
        "Lindqvist",
        "Novak",
        "Rossi",
        "Yilmaz",
        "Fischer",
        "Silva",
        "Tanaka",
        "Dubois",
        "Kovacs",
        "Jensen",
        "Murphy",
        "Sato",
        "Bauer",
        "Costa",
        "Ahmed",
        "Meier",
        "Larsen",
        "Wagner",
        "Ivanova",
        "Keller",
        "Brown",
        "Garcia",
        "Huber",
        "Nowak",
        "Popescu",
        "Smith",
        "Zhang"
    };

    final String domain;
    final List<FakeUser> users;
    private final Map<String, Integer> indexById;
    private final AtomicReferenceArray<PresenceState> presence;
    private final AtomicLong sequence = new AtomicLong();
    private final List<PresenceUpdate> initialPresence;
    private final Map<String, FakeAccount> accounts = new ConcurrentHashMap<>();
    private final Map<String, FakeApp> apps = new ConcurrentHashMap<>();
    private final List<FakeAccount> initialAccounts;
    private final List<FakeApp> initialApps;

    Directory(String domain, int userCount, long seed, List<FakeAccount> accounts, List<FakeApp> apps) {
        this.domain = domain;
        Random random = new Random(seed);
        List<FakeUser> generated = new ArrayList<>(userCount);
        Set<String> upns = new HashSet<>();
        Map<String, Integer> index = new HashMap<>(userCount * 2);
        for (int i = 0; i < userCount; i++) {
            String id = guid(random);
            String first = FIRST[random.nextInt(FIRST.length)];
            String last = LAST[random.nextInt(LAST.length)];
            String local = (first + "." + last).toLowerCase(Locale.ROOT);
            String upn = local + "@" + domain;
            for (int n = 2; !upns.add(upn); n++) {
                upn = local + n + "@" + domain;
            }
            generated.add(new FakeUser(id, upn, first + " " + last));
            index.put(id, i);
        }
        this.users = List.copyOf(generated);
        this.indexById = Map.copyOf(index);
        this.presence = new AtomicReferenceArray<>(userCount);
        List<PresenceUpdate> initial = new ArrayList<>(userCount);
        for (FakeUser user : users) {
            PresenceCatalog.Pair pair = initialPair(random);
            initial.add(new PresenceUpdate(user.id(), pair.availability(), pair.activity(), random.nextInt(50) == 0));
        }
        this.initialPresence = List.copyOf(initial);
        this.initialAccounts = List.copyOf(accounts);
        this.initialApps = List.copyOf(apps);
        reset();
    }

    /** A random version-4 GUID from the seeded generator, so ids are stable per seed. */
    static String guid(Random random) {
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    private static PresenceCatalog.Pair initialPair(Random random) {
        int r = random.nextInt(100);
        if (r < 30) return PresenceCatalog.AVAILABLE;
        if (r < 40) return PresenceCatalog.IN_A_MEETING;
        if (r < 50) return PresenceCatalog.IN_A_CALL;
        if (r < 55) return PresenceCatalog.BUSY;
        if (r < 62) return PresenceCatalog.AWAY;
        if (r < 65) return PresenceCatalog.BE_RIGHT_BACK;
        if (r < 68) return PresenceCatalog.AVAILABLE_IDLE;
        if (r < 71) return PresenceCatalog.DO_NOT_DISTURB;
        if (r < 73) return PresenceCatalog.PRESENTING;
        if (r < 88) return PresenceCatalog.OFF_WORK;
        if (r < 95) return PresenceCatalog.OFFLINE;
        if (r < 97) return PresenceCatalog.AVAILABLE_OUT_OF_OFFICE;
        if (r < 98) return PresenceCatalog.IN_A_CONFERENCE_CALL;
        return PresenceCatalog.UNKNOWN;
    }

    /** Back to the start state; sequence numbers keep growing so clients never see them go back. */
    void reset() {
        for (int i = 0; i < initialPresence.size(); i++) {
            PresenceUpdate p = initialPresence.get(i);
            presence.set(
                    i,
                    new PresenceState(
                            p.id(), p.availability(), p.activity(), p.outOfOffice(), sequence.incrementAndGet()));
        }
        accounts.clear();
        initialAccounts.forEach(this::putAccount);
        apps.clear();
        initialApps.forEach(this::putApp);
    }

    int size() {
        return users.size();
    }

    /** The user's index, or -1; ids are matched case-insensitively like Graph's GUIDs. */
    int indexOf(String id) {
        Integer index = indexById.get(id);
        if (index == null) {
            index = indexById.get(id.toLowerCase(Locale.ROOT));
        }
        return index == null ? -1 : index;
    }

    PresenceState presence(int index) {
        return presence.get(index);
    }

    PresenceState setPresence(int index, String availability, String activity, boolean outOfOffice) {
        PresenceState state = new PresenceState(
                users.get(index).id(), availability, activity, outOfOffice, sequence.incrementAndGet());
        presence.set(index, state);
        return state;
    }

    void putAccount(FakeAccount account) {
        accounts.put(account.username().toLowerCase(Locale.ROOT), account);
    }

    FakeAccount account(String username) {
        return username == null ? null : accounts.get(username.toLowerCase(Locale.ROOT));
    }

    FakeAccount accountByObjectId(String objectId) {
        for (FakeAccount account : accounts.values()) {
            if (account.objectId().equals(objectId)) {
                return account;
            }
        }
        return null;
    }

    Collection<FakeAccount> accounts() {
        return List.copyOf(accounts.values());
    }

    void putApp(FakeApp app) {
        apps.put(app.clientId().toLowerCase(Locale.ROOT), app);
    }

    FakeApp app(String clientId) {
        return clientId == null ? null : apps.get(clientId.toLowerCase(Locale.ROOT));
    }

    Collection<FakeApp> apps() {
        return List.copyOf(apps.values());
    }

    /** Replaces an account's delegated permissions without the one given (consent withdrawn). */
    boolean revokeDelegated(String username, String permission) {
        FakeAccount account = account(username);
        if (account == null) {
            return false;
        }
        Set<String> remaining = new HashSet<>(account.delegatedPermissions());
        remaining.removeIf(p -> p.equalsIgnoreCase(permission));
        putAccount(new FakeAccount(
                account.username(), account.password(), account.objectId(), account.displayName(), remaining));
        return true;
    }

    boolean revokeApplication(String clientId, String permission) {
        FakeApp app = app(clientId);
        if (app == null) {
            return false;
        }
        Set<String> remaining = new HashSet<>(app.applicationPermissions());
        remaining.removeIf(p -> p.equalsIgnoreCase(permission));
        putApp(new FakeApp(app.clientId(), app.displayName(), app.publicClient(), app.certificate(), remaining));
        return true;
    }
}
