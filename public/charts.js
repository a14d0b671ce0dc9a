// Charts (issue 8). Canvases carry their data as JSON in data- attributes (CSP forbids inline scripts):
// - canvas[data-chart]: a report chart {type, stacked, labels, datasets, percent};
// - canvas[data-sparkline]: an overview sparkline, [[total, failed], ...] for 24 hours.
// chart.js (200 KB) is loaded only when the page has such a canvas, and again drawn after htmx swaps.
(() => {
  const COLOURS = ['#2563eb', '#16a34a', '#d97706', '#dc2626', '#7c3aed', '#64748b', '#0891b2', '#be185d'];
  const STATUS_COLOURS = { Success: '#16a34a', Failure: '#dc2626', Warning: '#d97706', Skipped: '#94a3b8' };
  let loading = null;

  function loadChartJs() {
    if (window.Chart) return Promise.resolve();
    if (!loading) {
      loading = new Promise((resolve, reject) => {
        const s = document.createElement('script');
        s.src = '/static/chart.umd.min.js';
        s.onload = () => resolve();
        s.onerror = () => reject(new Error('chart.js failed to load'));
        document.head.appendChild(s);
      });
    }
    return loading;
  }

  // Bucket starts are UTC (the tables and the form say so): hours as "Dec 5, 14:00", days as "Dec 5",
  // weeks as "Week of Dec 1".
  function bucketLabel(label, bucket, long) {
    if (!bucket || !/^\d{4}-\d\d-\d\dT/.test(label)) return label;
    const d = new Date(label);
    const day = d.toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
    if (bucket === 'week') return long ? `Week of ${day}` : day;
    if (bucket === 'day') return day;
    const time = d.toLocaleTimeString(undefined, {
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
      timeZone: 'UTC',
    });
    return `${day}, ${time}`;
  }

  function axisTitle(text) {
    return text ? { display: true, text, color: '#475569', font: { size: 12 } } : { display: false };
  }

  function reportConfig(spec) {
    const labels = spec.labels;
    // Counts are whole numbers: no "0.5 users" ticks, and at least one unit between ticks.
    const yTicks = spec.integer ? { precision: 0, stepSize: undefined } : {};
    const y = {
      stacked: spec.stacked,
      beginAtZero: true,
      title: axisTitle(spec.yTitle),
      ticks: yTicks,
      ...(spec.percent ? { max: 100 } : { grace: '8%' }),
    };
    if (spec.integer) {
      const max = Math.max(
        1,
        ...labels.map((_, i) =>
          spec.stacked
            ? spec.datasets.reduce((n, d) => n + (d.data[i] ?? 0), 0)
            : Math.max(...spec.datasets.map((d) => d.data[i] ?? 0)),
        ),
      );
      // Small counts: one tick per unit; larger ones: chart.js picks, never below 1.
      y.ticks.stepSize = max <= 10 ? 1 : undefined;
      if (max <= 10) y.suggestedMax = max + 1;
    }
    return {
      type: spec.type,
      data: {
        labels: labels.map((l) => bucketLabel(l, spec.bucket, false)),
        datasets: spec.datasets.map((d, i) => {
          const colour = STATUS_COLOURS[d.label] ?? COLOURS[i % COLOURS.length];
          return {
            ...d,
            backgroundColor: colour,
            borderColor: colour,
            pointRadius: spec.type === 'line' ? 3 : 0,
            spanGaps: true,
            tension: 0.2,
          };
        }),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: {
            stacked: spec.stacked,
            title: axisTitle(spec.xTitle),
            ticks: { maxTicksLimit: 12, autoSkip: true, maxRotation: 40 },
          },
          y,
        },
        plugins: {
          legend: { display: spec.datasets.length > 1, position: 'bottom' },
          tooltip: {
            callbacks: {
              title: (items) => (items[0] ? bucketLabel(labels[items[0].dataIndex], spec.bucket, true) : ''),
              afterTitle: (items) => (spec.notes && items[0] ? spec.notes[items[0].dataIndex] : ''),
            },
          },
        },
      },
    };
  }

  function sparklineConfig(points) {
    return {
      type: 'bar',
      data: {
        labels: points.map((_, i) => String(i)),
        datasets: [
          { data: points.map((p) => p[0] - p[1]), backgroundColor: '#60a5fa' },
          { data: points.map((p) => p[1]), backgroundColor: '#dc2626' },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        events: [],
        scales: { x: { display: false, stacked: true }, y: { display: false, stacked: true, beginAtZero: true } },
        plugins: { legend: { display: false }, tooltip: { enabled: false } },
      },
    };
  }

  function draw() {
    const canvases = document.querySelectorAll(
      'canvas[data-chart]:not([data-drawn]), canvas[data-sparkline]:not([data-drawn])',
    );
    if (canvases.length === 0) return;
    loadChartJs()
      .then(() => {
        for (const canvas of canvases) {
          if (!canvas.isConnected || canvas.hasAttribute('data-drawn')) continue;
          try {
            const chart = canvas.dataset.chart;
            const config = chart
              ? reportConfig(JSON.parse(chart))
              : sparklineConfig(JSON.parse(canvas.dataset.sparkline));
            new window.Chart(canvas, config);
            canvas.setAttribute('data-drawn', '');
          } catch (err) {
            canvas.setAttribute('data-chart-error', String(err));
          }
        }
      })
      .catch((err) => console.error(err));
  }

  document.addEventListener('htmx:after:settle', draw);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', draw);
  else draw();
})();
