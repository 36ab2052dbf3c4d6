package dev.switchboard.core.model;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;

/**
 * An agent's skills as an immutable map sorted by skill name, in two small arrays: a TreeMap
 * costs about a hundred bytes per agent more, which matters at a hundred thousand agents. Sorted,
 * so iteration, serialization and state hashes are stable.
 */
final class SkillLevels extends AbstractMap<String, Integer> {
    private static final SkillLevels EMPTY = new SkillLevels(new String[0], new int[0]);

    private final String[] names;
    private final int[] levels;

    private SkillLevels(String[] names, int[] levels) {
        this.names = names;
        this.levels = levels;
    }

    static SkillLevels of(Map<String, Integer> skills) {
        if (skills == null || skills.isEmpty()) {
            return EMPTY;
        }
        if (skills instanceof SkillLevels s) {
            return s;
        }
        TreeMap<String, Integer> sorted = new TreeMap<>(skills);
        String[] names = new String[sorted.size()];
        int[] levels = new int[sorted.size()];
        int i = 0;
        for (Map.Entry<String, Integer> e : sorted.entrySet()) {
            names[i] = e.getKey();
            levels[i] = Validation.requireNonNull(e.getValue(), "skills." + e.getKey());
            i++;
        }
        return new SkillLevels(names, levels);
    }

    /** The level of a skill, 0 when the agent lacks it. */
    int level(String skill) {
        int i = Arrays.binarySearch(names, skill);
        return i < 0 ? 0 : levels[i];
    }

    @Override
    public Integer get(Object key) {
        if (!(key instanceof String s)) {
            return null;
        }
        int i = Arrays.binarySearch(names, s);
        return i < 0 ? null : levels[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String s && Arrays.binarySearch(names, s) >= 0;
    }

    @Override
    public int size() {
        return names.length;
    }

    @Override
    public Set<Map.Entry<String, Integer>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, Integer>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < names.length;
                    }

                    @Override
                    public Map.Entry<String, Integer> next() {
                        if (next >= names.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(names[i], levels[i]);
                    }
                };
            }

            @Override
            public int size() {
                return names.length;
            }
        };
    }
}
