"""The engine port: a Splink database API for DuckDB or Apache Spark, created lazily."""

from __future__ import annotations

import os
import sys
import tempfile
from typing import Any

import pandas as pd

ENGINES = ("duckdb", "spark")
SPARK_HINT = "the spark engine needs pyspark: pip install 'thb[spark]' (and Java 17)"


def spark_session(master: str = "local[2]") -> Any:
    """A Spark session with Splink's similarity UDF jar on the class path."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as err:
        raise ImportError(SPARK_HINT) from err
    from splink.internals.spark.jar_location import similarity_jar_location

    # local workers run our Jaro-Winkler with this environment's packages
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

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
        api = SparkAPI(spark_session=spark, break_lineage_method="persist")
        _register_duckdb_jaro_winkler(spark)
        return api
    raise ValueError(f"unknown engine {engine!r}; expected one of {ENGINES}")


def register_table(db_api: Any, frame: pd.DataFrame) -> Any:
    """Register a pandas table with the engine's Splink API.

    On Spark the table is checkpointed. Made from local data it would be a LocalRelation,
    which Spark's planner copies into every query that reads it: EM's queries ran the
    driver out of memory at 10^5 registrations.
    """
    if db_api.sql_dialect.sql_dialect_str != "spark":
        return db_api.register(frame)
    # plain object columns with None: Spark rejects pandas' nullable dtypes
    plain = frame.astype(object).where(frame.notna(), None)
    return db_api.register(db_api.spark.createDataFrame(plain).checkpoint())


def _register_duckdb_jaro_winkler(spark: Any) -> None:
    """Replace Splink's Jaro-Winkler on Spark (Apache Commons Text) by the one DuckDB
    computes (rapidfuzz's), so that a pair near a level's bound falls in the same level
    on both engines (Gergananova / Gergadnova: 0.921 on DuckDB, under 0.92 on Spark)."""
    from pyspark.sql.functions import PandasUDFType, pandas_udf
    from rapidfuzz.distance import JaroWinkler

    def jaro_winkler(left, right):  # type: ignore[no-untyped-def]  # Spark reads no string hints
        return pd.Series(
            [
                None if a is None or b is None else JaroWinkler.similarity(a, b)
                for a, b in zip(left, right, strict=True)
            ],
            dtype="float64",
        )

    spark.udf.register("jaro_winkler", pandas_udf(jaro_winkler, "double", PandasUDFType.SCALAR))
