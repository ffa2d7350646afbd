"""Linkage quality check: a random sample of each run's scored pairs, by stratum

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 23:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("linkage_run", schema=None) as batch_op:
        batch_op.add_column(sa.Column("quality_strata", sa.JSON(), nullable=True))
    with op.batch_alter_table("linkage_pair", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("queued", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.add_column(sa.Column("stratum", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("linkage_pair", schema=None) as batch_op:
        batch_op.drop_column("stratum")
        batch_op.drop_column("queued")
    with op.batch_alter_table("linkage_run", schema=None) as batch_op:
        batch_op.drop_column("quality_strata")
