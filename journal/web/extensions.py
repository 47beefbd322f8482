"""Flask extensions, created here and wired to the app in `create_app`."""

from flask_login import LoginManager
from flask_wtf import CSRFProtect

csrf = CSRFProtect()

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Please sign in to see your journal."
login_manager.login_message_category = "info"
# "basic", not "strong": phones change IP address all day, and "strong"
# would sign a patient out on every network switch.
login_manager.session_protection = "basic"
