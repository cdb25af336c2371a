// @ts-nocheck
import { teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme, type Theme } from '@fluentui/react-components';
import type { TeamsSdk, ThemeName } from './connect.ts';

const THEMES: Record<ThemeName, Theme> = { default: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme };

/** Fluent's Teams theme for a Teams theme name. */
export function fluentTheme(name: ThemeName): Theme {
  return THEMES[name];
}

/** Follow the user's theme changes in Teams while the tab is open. */
export function followTeamsTheme(sdk: TeamsSdk, onChange: (theme: string) => void): void {
  sdk.app.registerOnThemeChangeHandler(onChange);
}
