import os

from django.core.wsgi import get_wsgi_application

from config import heap

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Web requests run under DB_STATEMENT_TIMEOUT_MS (config/settings.py `serving_web`).
os.environ["CATALOGUE_WSGI"] = "1"
application = get_wsgi_application()
heap.settle()  # each gunicorn worker loads this module: its app frozen out of the collector
