"""The applicant register of a service window (SQLite, stdlib only; no Qt)."""
from calc_app.register.applicant import FIELDS as APPLICANT_FIELDS, clean as clean_applicant, split as split_applicant
from calc_app.register.credit_code import CreditCodeError, validate as validate_credit_code
from calc_app.register.db import Register, RegisterError

__all__ = ["APPLICANT_FIELDS", "CreditCodeError", "Register", "RegisterError", "clean_applicant",
           "split_applicant", "validate_credit_code"]
