"""The engine port: a Splink database API for DuckDB or Apache Spark, created lazily."""

from __future__ import annotations

import os
import tempfile
from typing import Any

ENGINES = ("duckdb", "spark")
SPARK_HINT = "the spark engine needs pyspark: pip install 'thb[spark]' (and Java 17)"


def spark_session(master: str = "local[2]") -> Any:
    """A Spark session with Splink's similarity UDF jar on the class path."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as err:
        raise ImportError(SPARK_HINT) from err
    from splink.internals.spark.jar_location import similarity_jar_location

    return (
        SparkSession.builder.master(master)
        .appName("thb-dedupe")
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.default.parallelism", "8")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "4g")
        .getOrCreate()
    )


def make_db_api(engine: str, *, spark_master: str = "local[2]", session: Any = None) -> Any:
    """Splink database API for the named engine; pyspark is imported only for Spark."""
    if engine == "duckdb":
        from splink import DuckDBAPI

        return DuckDBAPI()
    if engine == "spark":
        spark = session if session is not None else spark_session(spark_master)
        from splink import SparkAPI

        spark.sparkContext.setCheckpointDir(os.path.join(tempfile.gettempdir(), "thb-spark"))
        return SparkAPI(spark_session=spark, break_lineage_method="persist")
    raise ValueError(f"unknown engine {engine!r}; expected one of {ENGINES}")
