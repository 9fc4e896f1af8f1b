import type { ThemeConfig } from 'antd';

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
    green7: '#237804',
    orange7: '#ad4e00',
    gold7: '#874d00',
    volcano7: '#ad2102',
    cyan7: '#006d75',
    lime7: '#3f6600',
  },
} as const satisfies ThemeConfig;
