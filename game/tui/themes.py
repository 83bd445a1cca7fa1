"""The game's two themes: a muted default and a high-contrast one for projectors and weak eyes."""

from textual.theme import Theme

DEFAULT = "soft-landing"
CONTRAST = "soft-landing-contrast"

THEMES = (
    Theme(
        name=DEFAULT,
        primary="#5b8fd1",
        secondary="#3d5a80",
        accent="#e0b050",
        warning="#e09040",
        error="#d9534f",
        success="#5cb85c",
        foreground="#dcdcd6",
        background="#15191f",
        surface="#1d232b",
        panel="#27303b",
        dark=True,
    ),
    Theme(
        name=CONTRAST,
        primary="#ffffff",
        secondary="#ffff00",
        accent="#ffff00",
        warning="#ffaf00",
        error="#ff5f5f",
        success="#5fff5f",
        foreground="#ffffff",
        background="#000000",
        surface="#000000",
        panel="#303030",
        boost="#202020",
        dark=True,
        text_alpha=1.0,
        luminosity_spread=0.0,
        variables={"footer-key-foreground": "#ffff00", "block-cursor-background": "#ffff00",
                   "block-cursor-foreground": "#000000", "border": "#ffffff"},
    ),
)
