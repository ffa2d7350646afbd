"""Every domain's tables, imported so that `Base.metadata` is complete (migrations, tests)."""

from __future__ import annotations

from thb.db import Base
from thb.directory import models as directory_models  # noqa: F401
from thb.linkage import models as linkage_models  # noqa: F401
from thb.referral import models as referral_models  # noqa: F401
from thb.registry import models as registry_models  # noqa: F401
from thb.security import models as security_models  # noqa: F401

metadata = Base.metadata
