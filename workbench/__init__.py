"""Sales Prep Workbench core: accounts, research, committee and call prep, without Qt."""

__version__ = "0.1.0"
APP_NAME = "Sales Prep Workbench"
APP_SLUG = "sales-prep-workbench"
