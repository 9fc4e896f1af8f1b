import { useEffect, useMemo, useState, type CSSProperties } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { EChartsOption } from 'echarts';
import type { IndicatorCode, IndicatorDefinition } from '@wb/contracts/indicators';
import { formatSeconds, useNow } from '@wb/sdk/react';
import { INDICATORS_BASE, indicatorKeys, useDefinitions, useScreen } from '../api/indicators.ts';
import { Chart } from '../components/Chart.tsx';
import { LIGHT_COLORS, emptyNote, valueParts, ymLabel } from '../format.ts';

/** Indicators on the 大屏's tiles (always visible). */
const TILES: IndicatorCode[] = ['YK_ONTIME', 'YK_DURATION', 'YK_OVERDUE', 'TK_TIMELY', 'TK_ARRIVE', 'TK_SATISFACTION', 'BILL_RECOVERY', 'BILL_ARREARS'];
const ROTATE_MS = 15_000;
const BG = '#061224';
const PANEL: CSSProperties = { background: '#0d2240', border: '1px solid #1d4a7a', borderRadius: 8, padding: 16, color: '#e6f0ff', overflow: 'hidden' };
const LIGHTS_ON_DARK = { GREEN: '#52c41a', AMBER: '#faad14', RED: '#ff4d4f', NONE: '#8fa3bf' } as const;

/** Live updates: the facts stream (server-sent events) invalidates the screen's data; EventSource reconnects by itself. */
function useFactsStream(): boolean {
  const client = useQueryClient();
  const [live, setLive] = useState(false);
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(`${INDICATORS_BASE}/screen/stream`, { withCredentials: true });
    source.addEventListener('ready', () => setLive(true));
    source.addEventListener('facts', () => void client.invalidateQueries({ queryKey: indicatorKeys.screen() }));
    source.onerror = () => setLive(false);
    return () => source.close();
  }, [client]);
  return live;
}

const PANELS = ['trend', 'units', 'duration'] as const;

/**
 * A tile's figure, sized by the screen's width (eight tiles side by side: a laptop's 1440 px and a hall's 1920 px
 * both show the whole figure), its unit smaller beside it or, where the tile is too narrow, below it.
 */
function TileValue({ figure, unit, color }: { figure: string; unit: string; color: string }) {
  return (
    <div style={{ fontSize: 'clamp(24px, 2.2vw, 48px)', fontWeight: 700, color, lineHeight: 1.2 }}>
      <span style={{ whiteSpace: 'nowrap' }}>{figure}</span>
      {unit ? <span style={{ fontSize: '0.55em', whiteSpace: 'nowrap' }}> {unit}</span> : null}
    </div>
  );
}

/** 大屏: 1920 × 1080, dark, readable at a distance, no scrollbars; the middle panel rotates; updates by push. */
export function ScreenPage() {
  const screen = useScreen();
  const defs = useDefinitions();
  const live = useFactsStream();
  const now = useNow(1000);
  const [panel, setPanel] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setPanel((p) => (p + 1) % PANELS.length), ROTATE_MS);
    return () => clearInterval(timer);
  }, []);
  const byCode = useMemo(() => new Map((defs.data?.items ?? []).map((d) => [d.code, d])), [defs.data]);
  const data = screen.data;
  const values = useMemo(() => new Map((data?.values ?? []).map((v) => [v.code, v])), [data]);
  const current = PANELS[panel] ?? 'trend';

  const option = useMemo<EChartsOption>(() => {
    const axis = { axisLabel: { color: '#c8d8f0', fontSize: 18 }, axisLine: { lineStyle: { color: '#3a5a85' } }, splitLine: { lineStyle: { color: '#1d3658' } } };
    if (current === 'trend') {
      const codes: IndicatorCode[] = ['YK_ONTIME', 'TK_TIMELY', 'TK_ARRIVE', 'BILL_RECOVERY'];
      return {
        backgroundColor: 'transparent',
        legend: { top: 0, textStyle: { color: '#e6f0ff', fontSize: 18 } },
        tooltip: { trigger: 'axis' },
        grid: { left: 64, right: 32, top: 56, bottom: 40 },
        xAxis: { type: 'category', data: (data?.trend ?? []).map((t) => `${Number(t.ym.slice(4))}月`), ...axis },
        yAxis: { type: 'value', scale: true, max: 100, ...axis },
        series: codes.map((c) => ({ name: byCode.get(c)?.name ?? c, type: 'line', smooth: true, lineStyle: { width: 4 }, symbolSize: 8, data: (data?.trend ?? []).map((t) => t.values[c] ?? null) })),
      };
    }
    if (current === 'units') {
      const units = data?.units ?? [];
      const v = (u: (typeof units)[number], c: IndicatorCode) => u.values.find((x) => x.code === c)?.value ?? null;
      return {
        backgroundColor: 'transparent',
        legend: { top: 0, textStyle: { color: '#e6f0ff', fontSize: 18 } },
        grid: { left: 64, right: 32, top: 56, bottom: 56 },
        xAxis: { type: 'category', data: units.map((u) => u.org.name), ...axis },
        yAxis: { type: 'value', scale: true, ...axis },
        series: (['TK_TIMELY', 'BILL_RECOVERY'] as IndicatorCode[]).map((c) => ({ name: byCode.get(c)?.name ?? c, type: 'bar', data: units.map((u) => v(u, c)), barMaxWidth: 48 })),
      };
    }
    const parts = values.get('YK_DURATION')?.parts ?? [];
    return {
      backgroundColor: 'transparent',
      legend: { top: 0, textStyle: { color: '#e6f0ff', fontSize: 18 } },
      grid: { left: 64, right: 32, top: 56, bottom: 40 },
      xAxis: { type: 'category', data: parts.map((p) => p.label), ...axis },
      yAxis: { type: 'value', name: '工作日', nameTextStyle: { color: '#c8d8f0', fontSize: 16 }, ...axis },
      series: [
        { name: '平均接电时长', type: 'bar', barMaxWidth: 64, data: parts.map((p) => p.value), itemStyle: { color: '#40a9ff' } },
        { name: '承诺时限', type: 'line', lineStyle: { type: 'dashed', width: 3 }, data: parts.map((p) => p.target ?? null), itemStyle: { color: '#faad14' } },
      ],
    };
  }, [current, data, byCode, values]);

  const title = { trend: '近 12 个月趋势', units: '各单位对比（当月）', duration: '平均接电时长 vs 承诺时限' }[current];
  return (
    <div data-testid="ops-screen" style={{ position: 'fixed', inset: 0, overflow: 'hidden', background: BG, color: '#e6f0ff', fontSize: 20, display: 'grid', gridTemplateRows: '96px 220px 1fr', gap: 16, padding: 24, boxSizing: 'border-box' }}>
      <header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
        <div style={{ fontSize: 44, fontWeight: 700, letterSpacing: 4 }}>{data?.org.name ?? ''} · 营销运营监测</div>
        <div style={{ fontSize: 26, textAlign: 'right' }}>
          <div>{formatSeconds(now)}</div>
          <div style={{ fontSize: 18, color: live ? '#52c41a' : '#8fa3bf' }} data-testid="screen-live">{live ? '● 实时推送' : '○ 定时刷新'}{data ? ` · ${ymLabel(data.ym)}` : ''}</div>
        </div>
      </header>
      <section style={{ display: 'grid', gridTemplateColumns: `repeat(${TILES.length}, 1fr)`, gap: 16 }}>
        {TILES.map((code) => {
          const def: IndicatorDefinition | undefined = byCode.get(code);
          const v = values.get(code);
          const color = v?.noSource ? '#8fa3bf' : LIGHTS_ON_DARK[v?.light ?? 'NONE'];
          return (
            <div key={code} style={{ ...PANEL, borderTop: `6px solid ${color}`, display: 'flex', flexDirection: 'column', justifyContent: 'space-between' }} data-testid={`screen-tile-${code}`}>
              <div style={{ fontSize: 22, color: '#c8d8f0' }}>{def?.name ?? code}</div>
              <TileValue {...valueParts(v, def)} color={color} />
              <div style={{ fontSize: 16, color: '#8fa3bf' }}>{emptyNote(v, def) ?? (def?.realtime ? '实时' : '当月')}</div>
            </div>
          );
        })}
      </section>
      <section style={{ display: 'grid', gridTemplateColumns: '3fr 1fr', gap: 16, minHeight: 0 }}>
        <div style={{ ...PANEL, display: 'flex', flexDirection: 'column', minHeight: 0 }} data-testid="screen-panel" data-panel={current}>
          <div style={{ fontSize: 28, fontWeight: 600, marginBottom: 8 }}>
            {title}
            <span style={{ float: 'right', fontSize: 18, color: '#8fa3bf' }}>{PANELS.map((p, i) => (i === panel ? '●' : '○')).join(' ')}</span>
          </div>
          <Chart option={option} style={{ flex: 1, height: 'auto', minHeight: 0 }} background={BG} label={title} />
        </div>
        <div style={{ ...PANEL, display: 'flex', flexDirection: 'column', minHeight: 0 }}>
          <div style={{ fontSize: 28, fontWeight: 600, marginBottom: 12 }}>实时动态</div>
          <ul style={{ listStyle: 'none', margin: 0, padding: 0, overflow: 'hidden', flex: 1 }} data-testid="screen-recent">
            {(data?.recent ?? []).length === 0 ? <li style={{ color: '#8fa3bf' }}>暂无新动态</li> : null}
            {(data?.recent ?? []).map((r, i) => (
              // Two lines at most: on a laptop's narrow column one line left only the event's first words.
              <li key={`${r.at}-${i}`} style={{ padding: '10px 0', borderBottom: '1px solid #1d3658', fontSize: 20, overflow: 'hidden', display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical' }}>
                <span style={{ color: '#8fa3bf', marginRight: 12 }}>{formatSeconds(r.at).slice(11)}</span>
                {r.text}
              </li>
            ))}
          </ul>
        </div>
      </section>
      {screen.error ? <div style={{ position: 'absolute', bottom: 16, left: 24, color: LIGHT_COLORS.RED }}>数据加载失败，稍后自动重试</div> : null}
    </div>
  );
}
