import { forwardRef, useEffect, useImperativeHandle, useRef, type CSSProperties } from 'react';
import type { EChartsOption } from 'echarts';

/** What a parent may do with a chart: export it as a PNG data URL. */
export interface ChartHandle {
  pngDataUrl(): string | null;
}

type ECharts = { setOption(o: EChartsOption, notMerge?: boolean): void; resize(): void; dispose(): void; getDataURL(o: { type: 'png'; pixelRatio: number; backgroundColor: string }): string };

/**
 * An Apache ECharts chart. ECharts is a shared module of the import map (ADR 0048), imported dynamically here so
 * it loads only when a chart is shown — never on the shell's first paint, never by apps without charts.
 */
export const Chart = forwardRef<ChartHandle, { option: EChartsOption; style?: CSSProperties; theme?: 'dark'; background?: string; label?: string }>(
  function Chart({ option, style, theme, background = '#fff', label }, ref) {
    const host = useRef<HTMLDivElement>(null);
    const chart = useRef<ECharts | null>(null);
    const latest = useRef(option);
    latest.current = option;

    useEffect(() => {
      let disposed = false;
      let observer: ResizeObserver | null = null;
      void import('echarts').then((echarts) => {
        if (disposed || !host.current) return;
        const instance = echarts.init(host.current, theme, { renderer: 'canvas' }) as unknown as ECharts;
        chart.current = instance;
        instance.setOption(latest.current, true);
        if (typeof ResizeObserver !== 'undefined') {
          observer = new ResizeObserver(() => instance.resize());
          observer.observe(host.current);
        }
      });
      return () => {
        disposed = true;
        observer?.disconnect();
        chart.current?.dispose();
        chart.current = null;
      };
    }, [theme]);

    useEffect(() => {
      chart.current?.setOption(option, true);
    }, [option]);

    useImperativeHandle(ref, () => ({
      pngDataUrl: () => chart.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: background }) ?? null,
    }));

    return <div ref={host} role="img" aria-label={label} style={{ width: '100%', height: 280, ...style }} />;
  },
);

/** Saves a data URL as a file (the chart's PNG). */
export function downloadDataUrl(url: string, name: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
}
