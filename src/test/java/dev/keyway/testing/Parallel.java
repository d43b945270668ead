package dev.keyway.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs attempts on threads released together (one latch), for tests of what parallel callers can do. */
public final class Parallel {

	/** One attempt, given its index. */
	@FunctionalInterface
	public interface Attempt<T> {

		T run(int index) throws Exception;

	}

	private Parallel() {
	}

	/** Runs {@code count} attempts at once and returns their results in index order. */
	public static <T> List<T> run(int count, Attempt<T> attempt) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(count);
		CountDownLatch ready = new CountDownLatch(count);
		CountDownLatch go = new CountDownLatch(1);
		List<Future<T>> futures = new ArrayList<>();
		try {
			for (int i = 0; i < count; i++) {
				int index = i;
				Callable<T> task = () -> {
					ready.countDown();
					go.await();
					return attempt.run(index);
				};
				futures.add(pool.submit(task));
			}
			if (!ready.await(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Not all " + count + " threads started within 30 s");
			}
			go.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get(120, TimeUnit.SECONDS));
			}
			return results;
		}
		finally {
			pool.shutdownNow();
		}
	}

}
