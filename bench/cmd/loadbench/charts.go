package main

import (
	"image/color"
	"math"
	"path/filepath"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// palette gives each framework a color; Panther's stands out.
var palette = map[string]color.Color{
	"nethttp": color.RGBA{0x4c, 0x72, 0xb0, 0xff},
	"gin":     color.RGBA{0x55, 0xa8, 0x68, 0xff},
	"echo":    color.RGBA{0x81, 0x72, 0xb2, 0xff},
	"chi":     color.RGBA{0x64, 0xb5, 0xcd, 0xff},
	"huma":    color.RGBA{0x8c, 0x8c, 0x8c, 0xff},
	"fiber":   color.RGBA{0x2f, 0x4f, 0x4f, 0xff},
	"fuego":   color.RGBA{0xcc, 0xb9, 0x74, 0xff},
	"panther": color.RGBA{0xe6, 0x55, 0x0d, 0xff},
}

// chart is one grouped bar chart: a group of bars per scenario, a bar per
// framework.
type chart struct {
	file, title, ylabel string
	value               func(scenario, framework string) float64
}

func (r *report) charts() error {
	for _, c := range []chart{
		{"rps.png", "Load: median req/s (wrk -c64, server on one CPU)", "requests per second",
			func(sc, fw string) float64 { return r.loadStat(sc, fw).rps }},
		{"ratio.png", "Load: req/s relative to hand-written net/http (same round)", "× net/http",
			func(sc, fw string) float64 { return r.loadStat(sc, fw).ratio }},
		{"allocs.png", "In process: allocations per request (median of go test -benchmem)", "allocs/op",
			func(sc, fw string) float64 { return r.bench(sc, fw).allocs }},
		{"nsop.png", "In process: time per request (median ns/op)", "ns/op",
			func(sc, fw string) float64 { return r.bench(sc, fw).ns }},
	} {
		if err := r.barChart(c); err != nil {
			return err
		}
	}
	return nil
}

func (r *report) barChart(c chart) error {
	p := plot.New()
	p.Title.Text = c.title
	p.Y.Label.Text = c.ylabel
	width := vg.Points(7)
	n := len(r.o.frameworks)
	top := 0.0
	for i, fw := range r.o.frameworks {
		vals := make(plotter.Values, len(r.o.scenarios))
		for j, sc := range r.o.scenarios {
			if v := c.value(sc, fw); !math.IsNaN(v) {
				vals[j] = v
				top = max(top, v)
			}
		}
		bars, err := plotter.NewBarChart(vals, width)
		if err != nil {
			return err
		}
		bars.LineStyle.Width = 0
		bars.Color = palette[fw]
		bars.Offset = width * vg.Length(float64(i)-float64(n-1)/2)
		p.Add(bars)
		p.Legend.Add(fw, bars)
	}
	p.Y.Min, p.Y.Max = 0, top*(1.1+0.045*float64(n)) // room for the legend above the bars
	p.Legend.Top = true
	p.Legend.Left = true
	p.NominalX(r.o.scenarios...)
	p.Add(plotter.NewGrid())
	return p.Save(vg.Length(max(8, 1.6*float64(len(r.o.scenarios))))*vg.Inch, 5*vg.Inch, filepath.Join(r.o.out, "results", c.file))
}
