import type { ThemeConfig } from 'antd';

/** `<name>7` and `<name>-7` of each preset palette: the token and the page's CSS variable. */
function darkerPresetSevenths<K extends string>(colors: Record<K, string>): Record<`${K}7` | `${K}-7`, string> {
  return Object.fromEntries(Object.entries<string>(colors).flatMap(([name, color]) => [[`${name}7`, color], [`${name}-7`, color]])) as Record<`${K}7` | `${K}-7`, string>;
}

/**
 * The antd theme of the shell and every micro-app (issue 17, ADR 0068): WCAG 2.1 AA text contrast (≥ 4.5:1) on
 * white and on the light tints antd derives. antd's defaults miss it: white on the primary blue #1677ff is 4.1:1,
 * secondary text rgba(0,0,0,.45) 3.4:1, error red #ff4d4f 3.0:1, and the green/orange/gold/cyan/lime tags 2–3.4:1.
 * The darker shades below are antd's own palette steps (blue-7, red-7, green-8, …). Plain data, no React.
 */
export const WORKBENCH_THEME = {
  token: {
    colorPrimary: '#0958d9',
    colorInfo: '#0958d9',
    colorLink: '#0958d9',
    colorError: '#cf1322',
    colorSuccess: '#237804',
    colorWarning: '#ad4e00',
    // antd derives a status colour's tint from its seed: from the darker seeds above that tint turned grey-green
    // (#adb8a5 behind #237804 text, 2.7:1). The tints stay antd's defaults.
    colorSuccessBg: '#f6ffed',
    colorSuccessBorder: '#b7eb8f',
    colorWarningBg: '#fffbe6',
    colorWarningBorder: '#ffe58f',
    colorErrorBg: '#fff2f0',
    colorErrorBorder: '#ffccc7',
    colorInfoBg: '#e6f4ff',
    colorInfoBorder: '#91caff',
    colorTextDescription: 'rgba(0, 0, 0, 0.6)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    // Select/TreeSelect placeholders are text in the page (axe checks them); 0.56 black is #707070, 4.9:1.
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
    // Preset tag colours: text is the palette's 7th step on its 1st (antd genPresetColor); the 7th steps one darker.
    // The page's CSS variables (`--ant-orange-7`, what a Tag's style reads) come from the kebab-named keys: with the
    // camel-named ones alone the tokens changed and the tags did not (3.3:1 on 掌上电力's bills, 2026-12-08).
    ...darkerPresetSevenths({ green: '#237804', orange: '#ad4e00', gold: '#874d00', volcano: '#ad2102', cyan: '#006d75', lime: '#3f6600' }),
  },
  components: {
    // An unchecked Switch's track is colorTextQuaternary (#bfbfbf: its white 放假/上班 text 1.8:1), hovered
    // colorTextTertiary: 60 % and 70 % black (5.7 and 8.6:1).
    Switch: { colorTextQuaternary: 'rgba(0, 0, 0, 0.6)', colorTextTertiary: 'rgba(0, 0, 0, 0.7)' },
    // A table's empty text given as a string (`locale.emptyText`) is the placeholder cell's, in colorTextDisabled
    // (#bfbfbf, 1.8:1): read as secondary text instead.
    Table: { colorTextDisabled: 'rgba(0, 0, 0, 0.6)' },
  },
} as const satisfies ThemeConfig;
