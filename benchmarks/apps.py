from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    """Measuring tools kept out of the product apps: the synthetic archive loader and the
    speed benchmarks (`seed_synthetic`, `bench_pages`, `bench_extract`, `loadtest`)."""

    name = "benchmarks"
    verbose_name = "Benchmarks"
