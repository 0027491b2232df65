"""The schema of the first release: people, assessments, answers, companies, logins and the audit log.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from assistant.storage.audit import install_append_only_guards

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def _org_fk() -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["org_id"], ["organisations.id"], ondelete="CASCADE")


def upgrade() -> None:
    """Create the tables and the append-only guard of the audit log."""
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", TZ, nullable=False),
        sa.Column("organisation", sa.String(200), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(50), nullable=False),
        sa.Column("target", sa.String(200)),
        sa.Column("detail", sa.String(500)),
    )
    op.create_index("ix_audit_events_at", "audit_events", ["at"])
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_table(
        "company_profiles",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("org_id", sa.Integer(), nullable=False, unique=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        _org_fk(),
    )
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("team", sa.String(200)),
        sa.Column("created_at", TZ, nullable=False),
        _org_fk(),
        sa.UniqueConstraint("org_id", "key"),
    )
    op.create_index("ix_people_org_id", "people", ["org_id"])
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(200), nullable=False, unique=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.String(300), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", TZ),
        sa.Column("created_at", TZ, nullable=False),
        _org_fk(),
    )
    op.create_index("ix_users_org_id", "users", ["org_id"])
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.String(50), nullable=False),
        sa.Column("language", sa.String(5), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("started_at", TZ, nullable=False),
        sa.Column("completed_at", TZ),
        sa.Column("confirmed_at", TZ),
        sa.Column("levels", sa.JSON()),
        _org_fk(),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE"),
    )
    op.create_index("ix_assessments_org_id", "assessments", ["org_id"])
    op.create_index("ix_assessments_person_id", "assessments", ["person_id"])
    op.create_table(
        "conversations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.String(200), nullable=False, unique=True),
        sa.Column("profile", sa.String(20), nullable=False),
        sa.Column("started_at", TZ, nullable=False),
        _org_fk(),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE"),
    )
    op.create_index("ix_conversations_org_id", "conversations", ["org_id"])
    op.create_index("ix_conversations_person_id", "conversations", ["person_id"])
    op.create_table(
        "answers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(80), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text()),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("answered_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessments.id"], ondelete="CASCADE"),
        sa.UniqueConstraint("assessment_id", "item_id"),
    )
    op.create_index("ix_answers_assessment_id", "answers", ["assessment_id"])
    install_append_only_guards(op.get_bind())


def downgrade() -> None:
    """Drop everything."""
    for table in (
        "answers",
        "conversations",
        "assessments",
        "users",
        "people",
        "company_profiles",
        "organisations",
        "audit_events",
    ):
        op.drop_table(table)
