"""Compare the metrics of two sets of training runs (seeds): mean ± std and a permutation test."""
import itertools
import math
import random
import statistics

#: above this many splits the permutation test samples them instead of listing all
EXACT_LIMIT = 100_000


def permutation_p_value(x, y, samples=EXACT_LIMIT, seed=0):
    """Two-sided p-value of the difference of means of ``x`` and ``y`` under exchangeability:
    the share of the splits of the pooled values into groups of their sizes whose |difference
    of means| reaches the observed one. Exact (every split) up to ``EXACT_LIMIT`` splits, else
    from ``samples`` random splits (seeded)."""
    if len(x) < 1 or len(y) < 1:
        raise ValueError(f'permutation_p_value needs values on both sides, got {len(x)} and '
                         f'{len(y)}')
    pooled, n = list(x) + list(y), len(x)
    total = sum(pooled)
    observed = abs(_mean_difference(sum(x), total, n, len(pooled)))
    if math.comb(len(pooled), n) <= EXACT_LIMIT:
        splits = (sum(pooled[i] for i in chosen)
                  for chosen in itertools.combinations(range(len(pooled)), n))
        count = math.comb(len(pooled), n)
    else:
        rng = random.Random(seed)
        splits = (sum(rng.sample(pooled, n)) for _ in range(samples))
        count = samples
    tolerance = 1e-12 * max(1.0, abs(observed))
    hits = sum(abs(_mean_difference(s, total, n, len(pooled))) >= observed - tolerance
               for s in splits)
    return hits / count


def _mean_difference(first_sum, total, n, size):
    return first_sum / n - (total - first_sum) / (size - n)


def comparison_rows(baseline, other, names=None):
    """Per metric: the two means and standard deviations, the difference, the permutation
    p-value and whether ``other``'s mean lies within one baseline standard deviation.
    ``baseline`` and ``other`` are lists of per-seed metric dicts."""
    names = names or [k for k in baseline[0] if all(k in r for r in baseline + other)]
    rows = []
    for name in names:
        a, b = [r[name] for r in baseline], [r[name] for r in other]
        std_a = statistics.stdev(a) if len(a) > 1 else 0.0
        rows.append(dict(metric=name, mean_a=statistics.fmean(a), std_a=std_a,
                         mean_b=statistics.fmean(b),
                         std_b=statistics.stdev(b) if len(b) > 1 else 0.0,
                         difference=statistics.fmean(b) - statistics.fmean(a),
                         p_value=permutation_p_value(a, b),
                         within_std=abs(statistics.fmean(b) - statistics.fmean(a)) <= std_a))
    return rows


def comparison_table(baseline_name, baseline, other_name, other, names=None):
    """Markdown table of :func:`comparison_rows`."""
    lines = [f'| metric | {baseline_name} ({len(baseline)} seeds) | {other_name} '
             f'({len(other)} seeds) | difference | p (permutation) | within 1 std of '
             f'{baseline_name} |', '|---|---|---|---|---|---|']
    for row in comparison_rows(baseline, other, names):
        lines.append(f"| {row['metric']} | {row['mean_a']:.4f} ± {row['std_a']:.4f} | "
                     f"{row['mean_b']:.4f} ± {row['std_b']:.4f} | {row['difference']:+.4f} | "
                     f"{row['p_value']:.3f} | {'yes' if row['within_std'] else '**no**'} |")
    return '\n'.join(lines) + '\n'
