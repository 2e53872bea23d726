/**
 * Line charts for benchmark results: a Vega-Lite spec compiled and rendered to SVG by vega
 * (headless, no canvas), then rasterised to PNG by @resvg/resvg-js (its binary ships inside the
 * npm package; nothing is downloaded at install time).
 */
import { writeFileSync } from "node:fs";
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

export interface Point {
  x: number;
  y: number;
  series: string;
}

export async function writeLineChart(
  path: string,
  points: Point[],
  opts: { title: string; x: string; y: string; logX?: boolean; logY?: boolean },
): Promise<void> {
  const spec: TopLevelSpec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: opts.title,
    width: 560,
    height: 320,
    background: "white",
    data: { values: points },
    mark: { type: "line", point: { size: 60 } },
    encoding: {
      x: { field: "x", type: "quantitative", title: opts.x, scale: { type: opts.logX ? "log" : "linear" } },
      y: { field: "y", type: "quantitative", title: opts.y, scale: { type: opts.logY ? "log" : "linear" } },
      color: {
        field: "series",
        type: "nominal",
        title: null,
        legend: { orient: "top-left", labelLimit: 400 },
      },
    },
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  const png = new Resvg(svg, {
    background: "white",
    fitTo: { mode: "zoom", value: 2 },
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
  })
    .render()
    .asPng();
  writeFileSync(path, png);
}
