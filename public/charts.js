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

  function shortTime(label, daily) {
    if (!/^\d{4}-\d\d-\d\dT/.test(label)) return label;
    const d = new Date(label);
    const opts = daily ? { month: 'short', day: 'numeric' } : { month: 'short', day: 'numeric', hour: '2-digit' };
    return d.toLocaleString(undefined, opts);
  }

  function reportConfig(spec) {
    const labels = spec.labels;
    const daily = labels.length > 1 && Date.parse(labels[1]) - Date.parse(labels[0]) >= 86_400_000;
    return {
      type: spec.type,
      data: {
        labels: labels.map((l) => shortTime(l, daily)),
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
          x: { stacked: spec.stacked, ticks: { maxTicksLimit: 12, autoSkip: true } },
          y: { stacked: spec.stacked, beginAtZero: true, ...(spec.percent ? { max: 100 } : {}) },
        },
        plugins: { legend: { display: spec.datasets.length > 1, position: 'bottom' } },
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
