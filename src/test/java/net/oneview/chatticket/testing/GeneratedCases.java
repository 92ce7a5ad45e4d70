package net.oneview.chatticket.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Runs a check on inputs generated from seeds, in plain JUnit. Each case has its own seed, and the next case's seed is
 * drawn from it, so the seed a failure reports, given as {@value #SEED_PROPERTY}, makes the failing case the first one
 * again. Without that property the first seed is new on every run. A failing input is made smaller before it is
 * reported, by the candidates the test gives (see {@link #shorter}), as long as they still fail.
 */
public final class GeneratedCases {

    public static final String SEED_PROPERTY = "generated.seed";

    private GeneratedCases() {
    }

    /** A check of one input; it fails by throwing. */
    @FunctionalInterface
    public interface Check<I> {
        void accept(I input) throws Exception;
    }

    /**
     * @param generate makes the input of one case from its own random source
     * @param smaller inputs smaller than a failing one, most promising first, to report the smallest still failing
     */
    public static <I> void check(final int cases, final Function<SplittableRandom, I> generate,
            final Function<I, Stream<I>> smaller, final Check<I> check) {
        final String caller = caller();
        long seed = firstSeed();
        for (int n = 1; n <= cases; n++) {
            final I input = generate.apply(new SplittableRandom(seed));
            final Throwable failure = failure(check, input);
            if (failure != null) {
                final I smallest = shrink(input, smaller, check);
                throw new AssertionError("case " + n + " of " + cases + " failed, seed " + seed + "; replay it with\n"
                        + "  mvn -B -o test -Dtest='" + caller + "' -D" + SEED_PROPERTY + "=" + seed + "\n"
                        + "smallest failing input found:\n  " + smallest, failure(check, smallest));
            }
            seed = new SplittableRandom(seed).nextLong();
        }
    }

    /** Shorter lists first: every prefix, then the list without one of its elements. */
    public static <T> Stream<List<T>> shorter(final List<T> list) {
        final Stream<List<T>> prefixes = IntStream.range(0, list.size()).mapToObj(end -> list.subList(0, end));
        final Stream<List<T>> withOneLess = IntStream.range(0, list.size()).mapToObj(skipped -> {
            final List<T> rest = new ArrayList<>(list);
            rest.remove(skipped);
            return rest;
        });
        return Stream.concat(prefixes, withOneLess).map(List::copyOf);
    }

    /** The first smaller input that still fails, made smaller in turn; the input itself when none does. */
    private static <I> I shrink(final I failing, final Function<I, Stream<I>> smaller, final Check<I> check) {
        return smaller.apply(failing)
                .filter(candidate -> failure(check, candidate) != null)
                .findFirst()
                .map(candidate -> shrink(candidate, smaller, check))
                .orElse(failing);
    }

    private static <I> Throwable failure(final Check<I> check, final I input) {
        try {
            check.accept(input);
            return null;
        } catch (AssertionError | Exception e) {
            return e;
        }
    }

    private static long firstSeed() {
        final String fixed = System.getProperty(SEED_PROPERTY);
        return fixed != null ? Long.parseLong(fixed) : new SplittableRandom().nextLong();
    }

    /** The test method that called, as surefire's -Dtest names it: the outermost method of the calling class. */
    private static String caller() {
        final List<StackWalker.StackFrame> frames = StackWalker.getInstance().walk(stack -> stack
                .dropWhile(frame -> frame.getClassName().equals(GeneratedCases.class.getName()))
                .toList());
        final String test = frames.get(0).getClassName();
        final StackWalker.StackFrame outermost = frames.stream()
                .takeWhile(frame -> frame.getClassName().equals(test))
                .reduce((inner, outer) -> outer)
                .orElseThrow();
        return test.substring(test.lastIndexOf('.') + 1) + "#" + outermost.getMethodName();
    }
}
