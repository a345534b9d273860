"""The command line's own words in Chinese, where Typer lets them be changed.

Typer writes its help panels' titles and markers through ``gettext`` with no Chinese catalogue,
fixed when it is imported; they are set here. The usage errors of the Click copy inside Typer
(``Missing argument 'folder'.``) are English sentences in its code, so they stay English; the
panel around them, the hint after them and every help text of nianbao are Chinese."""

from __future__ import annotations

# Typer's fixed strings (``typer.rich_utils``): the constant → its Chinese
PANELS = {
    "ARGUMENTS_PANEL_TITLE": "参数",
    "OPTIONS_PANEL_TITLE": "选项",
    "COMMANDS_PANEL_TITLE": "命令",
    "ERRORS_PANEL_TITLE": "用法错误",
    "ABORTED_TEXT": "已中止。",
    "RICH_HELP": "运行 [blue]'{command_path} {help_option}'[/] 查看说明。",
    "DEFAULT_STRING": "[默认：{}]",
    "REQUIRED_LONG_STRING": "[必填]",
    "DEPRECATED_STRING": "（已弃用）",
    "ENVVAR_STRING": "[环境变量：{}]",
}


def install() -> None:
    """Typer's help panels in Chinese, from here on."""
    import typer.rich_utils as panels

    for name, words in PANELS.items():
        if hasattr(panels, name):
            setattr(panels, name, words)
