// Running a model from VS Code: a cancellable progress notification around a
// worker-thread run (simRunner), then the run recorded for panels, hovers and
// exports, and its facts and errors written to the output channel.
import * as vscode from 'vscode';
import type { BuiltinScenarios } from './builtinScenarios';
import type { ExportFormatId } from '../report/exportFormats';
import { formatDuration } from '../core/format';
import { RUNNING_CONTEXT } from './ids';
import { log } from './log';
import { baseName, compilerFileName, readModelText } from './modelFiles';
import { describeFacts } from './runLog';
import { runWarningProblems, warningProblems } from './runWarnings';
import { RunStatus, type RunStatusState } from './runStatus';
import { BASE_VARIANT_LABEL, type LastRuns, type RunFacts } from './runFacts';
import { RunRegistry, type RunDescriptor, type RunRecord } from './runRegistry';
import { designSettings, runSettings } from './settings';
import { startRun, type RunHandle, type RunOptions, type RunOutcome } from './simRunner';
import type { ModelProblem, RunRequest } from './workerProtocol';
import { replicationsOf, seedOf } from './modelApi';
import type { PointJob, PointOutcome } from '../run/pointJob';
import { defaultJobs, WorkerPool } from '../run/pool';
import { replicationSeed } from '../run/seeds';
import { fromWire } from '../trace/codec';
import type { Rfc2544Report } from '../model/index';
import type { Trace } from '../trace/schema';
import { combineFacts } from './runFacts';
import { limitStop } from '../trace/limitNote';

export type ModelRunRecord = RunRecord<vscode.Uri>;

/** One run of a design (a variant, a sweep point), to be made `replications` times on the pool. */
export interface DesignItem {
  descriptor: RunDescriptor;
  /** Keep the first replication's trace and record the run (the one a view will show). */
  keepTrace: boolean;
  /** A title for the run's record. */
  title: string;
}

/** What a design keeps of one item: its facts (means ± CI over replications), and the record when its trace was kept. */
export interface DesignResult {
  item: DesignItem;
  facts: RunFacts;
  record?: ModelRunRecord;
  label?: string;
  x?: number;
  search?: Rfc2544Report;
}

/** Where problems found when a run is refused go (the diagnostics controller). */
export interface ProblemSink {
  /** The checker's problems (a refused run). */
  publish(uri: vscode.Uri, problems: ModelProblem[]): void;
  /** What a finished run found (shown beside the checker's problems). */
  publishRunFindings(uri: vscode.Uri, problems: ModelProblem[]): void;
}

const NEXT_RUN_ID_KEY = 'smpStackLab.nextRunId';
/** A warm worker goes after this long without a run (it holds a V8 isolate: tens of MB). */
const WORKER_IDLE_MS = 5 * 60_000;

export class RunService implements vscode.Disposable {
  readonly registry = new RunRegistry<vscode.Uri>();
  private readonly active = new Set<RunHandle>();
  private lastDescriptor: RunDescriptor | undefined;
  /** Every run's workers, single runs and designs alike: one kept warm between runs, so the next starts at once. */
  private workers: WorkerPool | undefined;
  /** The status bar item: the run in progress, else the last result. */
  readonly status = new RunStatus(
    vscode.window.createStatusBarItem('smpStackLab.run', vscode.StatusBarAlignment.Left, 50),
    new vscode.ThemeColor('statusBarItem.errorBackground'),
  );

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly builtins: BuiltinScenarios,
    private readonly problems: ProblemSink,
    /** Shared with the hover provider, which exists before any run. */
    readonly lastRuns: LastRuns,
  ) {}

  dispose(): void {
    this.stopAll();
    void this.workers?.close();
    this.workers = undefined;
    this.status.dispose();
  }

  get last(): RunDescriptor | undefined {
    return this.lastDescriptor;
  }

  /** Run ids stay unique across reloads, so a tab's document never names another run. */
  private issueRunId(): number {
    const id = this.context.workspaceState.get<number>(NEXT_RUN_ID_KEY, 1);
    void this.context.workspaceState.update(NEXT_RUN_ID_KEY, id + 1);
    return id;
  }

  stopAll(): number {
    const n = this.active.size;
    for (const h of this.active) h.cancel();
    return n;
  }

  private setRunning(): void {
    void vscode.commands.executeCommand('setContext', RUNNING_CONTEXT, this.active.size > 0);
  }

  /** The session's pool, at the `smpStackLab.jobs` size (read again for every design). */
  private pool(size = designSettings().jobs || defaultJobs()): WorkerPool {
    // V8's code cache of the worker bundle lives in the extension's own storage (src/run/codeCache.ts)
    const storage = this.context.globalStorageUri;
    this.workers ??= new WorkerPool(vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'simWorker.js').fsPath, {
      size, facts: true, keepIdle: 1, idleMs: WORKER_IDLE_MS,
      codeCache: storage?.scheme === 'file' ? vscode.Uri.joinPath(storage, 'code-cache').fsPath : undefined,
    });
    this.workers.size = Math.max(1, size);
    return this.workers;
  }

  /** A worker run under a cancellable progress notification; Stop Run cancels it too. */
  private inWorker(request: RunRequest, progressTitle: string, opts: Pick<RunOptions, 'exportAs'> = {}, status?: { key: object; title: string }): Thenable<RunOutcome> {
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `SMP Stack Lab: ${progressTitle}`, cancellable: true },
      async (progress, token) => {
        let reported = 0;
        const bytes = await captureBytes(request);
        if (bytes instanceof Error) return { kind: 'failed', message: bytes.message } as const;
        if (token.isCancellationRequested) return { kind: 'cancelled' } as const;
        const handle = startRun(this.pool(), request, {
          ...opts,
          importBytes: bytes,
          onProgress: (done, total, unit) => {
            const pct = total > 0 ? Math.min(100, (done / total) * 100) : 0;
            if (pct - reported < 1) return;
            const message = unit === 'bytes'
              ? `${(done / 1048576).toFixed(1)} of ${(total / 1048576).toFixed(1)} MB read`
              : `${formatDuration(done)} of ${formatDuration(total)} simulated`;
            progress.report({ increment: pct - reported, message });
            reported = pct;
            if (status) this.status.progress(status.key, pct);
          },
        });
        if (status) this.status.started(status.key, status.title);
        this.active.add(handle);
        this.setRunning();
        const cancel = token.onCancellationRequested(() => handle.cancel());
        try {
          return await handle.outcome;
        } finally {
          cancel.dispose();
          this.active.delete(handle);
          this.setRunning();
        }
      },
    );
  }

  /**
   * A run cut short by the record (or event) limit: said in the log and in a
   * warning naming the setting. No button: a toast with actions stays until
   * closed and would outlive a rerun with a higher limit; the panel keeps a
   * notice of its own.
   */
  private sayLimit(title: string, facts: RunFacts, maxRecords: number | undefined): void {
    const stop = limitStop({ ...facts, limit: facts.stopReason === 'record-limit' ? maxRecords : undefined }, 'vscode');
    if (!stop) return;
    log().warn(`run ${title}: ${stop.message}`);
    void vscode.window.showWarningMessage(`SMP Stack Lab: ${title}: ${stop.message}`);
  }

  /**
   * Run one model variant. Undefined when it did not complete (the reason is reported already).
   * `single`: one run even when the design has replications (a sweep point opened from the sweep view: its timeline is the first replication).
   */
  async execute(descriptor: RunDescriptor, label?: string, step?: string, opts: { single?: boolean } = {}): Promise<ModelRunRecord | undefined> {
    const uri = vscode.Uri.parse(descriptor.model, true);
    let request: RunRequest;
    try {
      const settings = runSettings();
      request = {
        text: await readModelText(uri, this.builtins),
        file: compilerFileName(uri),
        variant: descriptor.variant,
        sweepPoint: descriptor.sweepPoint,
        seed: descriptor.seed ?? settings.seed,
        durationNs: descriptor.durationNs ?? settings.durationNs,
        maxRecords: settings.maxRecords,
      };
    } catch (e) {
      const message = `Cannot run ${baseName(uri)}: ${(e as Error).message}`;
      log().error(message);
      void vscode.window.showErrorMessage(message);
      return undefined;
    }
    this.lastDescriptor = descriptor;
    const title = label ?? `${baseName(uri)} — ${descriptor.variant ?? BASE_VARIANT_LABEL}`;
    const replications = opts.single ? 1 : this.replications(request);
    if (replications > 1) {
      // replications run side by side on the pool; the timeline shows the first
      const got = await this.runDesign([{ descriptor, keepTrace: true, title }], `running ${title}${step ? ` (${step})` : ''}`);
      return got?.[0].record;
    }
    const t0 = Date.now();
    log().info(`run ${title}: started (${request.file})`);
    const key = {};
    let ended: RunStatusState | undefined;
    try {
      const outcome = await this.inWorker(request, `running ${title}${step ? ` (${step})` : ''}`, {}, { key, title });
      const r = this.settle(uri, descriptor, request, label, title, t0, outcome);
      ended = r.status;
      return r.record;
    } finally {
      this.status.ended(key, ended);
    }
  }

  /** What a finished worker run leaves: its record (when it ran), the log, the problems, and the status bar's last result. */
  private settle(uri: vscode.Uri, descriptor: RunDescriptor, request: RunRequest, label: string | undefined, title: string, t0: number, outcome: RunOutcome): { record?: ModelRunRecord; status: RunStatusState } {
    switch (outcome.kind) {
      case 'done': {
        const { facts } = outcome;
        const record = this.keep(uri, descriptor, request, outcome.label && !label ? `${title} @ ${outcome.label}` : title, facts, outcome.trace);
        return { record, status: { kind: 'done', title: record.title, simulatedNs: facts.simulatedNs, events: facts.events, wallMs: facts.wallMs } };
      }
      case 'invalid': {
        const errors = outcome.problems.filter((p) => p.severity === 'error');
        log().error(`run ${title}: the model has ${errors.length} error(s); nothing ran`);
        for (const p of outcome.problems) log().error(`${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.message}`);
        this.problems.publish(uri, outcome.problems);
        const first = errors[0] ?? outcome.problems[0];
        const where = first ? `line ${first.line}: ${first.message}` : undefined;
        // No button: VS Code keeps an error toast with actions until it is closed, and an extension cannot
        // close it, so it would outlive the fix. This one fades; the status bar keeps the error (click:
        // Problems) until the next run of it succeeds, and the squiggles and Problems view have the rest.
        void vscode.window.showErrorMessage(`${baseName(uri)} has ${errors.length} error(s)${where ? `: ${where}` : ''} — see the Problems view`);
        return { status: { kind: 'invalid', title, errors: errors.length, first: where } };
      }
      case 'cancelled':
        log().info(`run ${title}: cancelled after ${Date.now() - t0} ms` + (outcome.simNs !== undefined ? ` at ${formatDuration(outcome.simNs)} simulated` : ''));
        return { status: { kind: 'cancelled', title } };
      case 'failed':
      case 'exported': {
        const message = outcome.kind === 'failed' ? outcome.message : 'the worker exported instead of running';
        log().error(`run ${title}: ${message}`);
        void vscode.window.showErrorMessage(`SMP Stack Lab: ${title} failed: ${message}`);
        return { status: { kind: 'failed', title, message } };
      }
    }
  }

  /**
   * A finished run recorded for panels, hovers and exports. `findings`: false
   * when the caller reports what the run found (a design, from every run's summary).
   */
  private keep(uri: vscode.Uri, descriptor: RunDescriptor, request: RunRequest, title: string, facts: RunFacts, trace: Trace, findings = true): ModelRunRecord {
    const runId = this.issueRunId();
    const record: ModelRunRecord = {
      runId,
      title,
      descriptor: { ...descriptor, seed: facts.seed, durationNs: request.durationNs },
      request: { ...request, seed: facts.seed },
      files: new Map([[request.file, uri]]),
      sources: trace.meta.sources,
      facts,
      trace,
    };
    this.registry.add(record);
    this.lastRuns.record(uri.toString(), runId, facts);
    for (const line of describeFacts(runId, record.title, facts)) log().info(line);
    if (findings) {
      // a thread that never ran or was starved: a warning at its declaration (cleared by the next edit or run)
      const warnings = runWarningProblems(trace.meta);
      logFindings(warnings);
      this.problems.publishRunFindings(uri, warnings);
    }
    this.sayLimit(record.title, facts, request.maxRecords);
    return record;
  }

  /** The model's `run.replications`, else the setting. */
  private replications(request: RunRequest): number {
    return replicationsOf(request.text, request.file) ?? designSettings().replications;
  }

  /**
   * Run a design — variants, sweep points, each `replications` times — on a
   * pool of worker threads under one cancellable progress notification
   * (runs done / total). Only the facts of each run come back, plus the trace
   * of the items that ask for it (the first replication's). Undefined when it
   * did not complete; the reason is reported (a message, never silence).
   */
  async runDesign(items: DesignItem[], progressTitle: string, opts: { search?: boolean } = {}): Promise<DesignResult[] | undefined> {
    if (!items.length) return [];
    const settings = runSettings();
    const texts = new Map<string, { uri: vscode.Uri; text: string; file: string }>();
    const requests: RunRequest[] = [];
    try {
      for (const it of items) {
        let m = texts.get(it.descriptor.model);
        if (!m) {
          const uri = vscode.Uri.parse(it.descriptor.model, true);
          m = { uri, text: await readModelText(uri, this.builtins), file: compilerFileName(uri) };
          texts.set(it.descriptor.model, m);
        }
        requests.push({
          text: m.text, file: m.file, variant: it.descriptor.variant, sweepPoint: it.descriptor.sweepPoint,
          seed: it.descriptor.seed ?? settings.seed, durationNs: it.descriptor.durationNs ?? settings.durationNs, maxRecords: settings.maxRecords,
        });
      }
    } catch (e) {
      const message = `Cannot run: ${(e as Error).message}`;
      log().error(message);
      void vscode.window.showErrorMessage(`SMP Stack Lab: ${message}`);
      return undefined;
    }
    const replications = this.replications(requests[0]);
    // the run seed: the one given, else the model's (replication 0 runs with it, so the timeline shows the model's own run)
    const seeds = requests.map((r) => r.seed ?? modelSeed(r.text, r.file));
    const jobs: { item: number; rep: number; job: PointJob }[] = [];
    items.forEach((it, i) => {
      for (let rep = 0; rep < replications; rep++) {
        const r = requests[i];
        jobs.push({ item: i, rep, job: {
          ...r, seed: replicationSeed(seeds[i], rep), keepTrace: rep === 0 && it.keepTrace, search: rep === 0 && opts.search,
          // the lock table of a run a view shows: every replication's, for its means ± CI
          ...(replications > 1 && it.keepTrace ? { lockTable: true } : {}),
        } });
      }
    });
    const size = Math.min(jobs.length, designSettings().jobs || defaultJobs());
    const pool = this.pool(size);
    const total = jobs.length;
    const t0 = Date.now();
    const statusKey = {};
    let ended: RunStatusState | undefined;
    try {
      return await this.designRuns(items, progressTitle, jobs, requests, seeds, texts, pool, size, replications, statusKey, t0, (s) => { ended = s; });
    } finally {
      this.status.ended(statusKey, ended);
    }
  }

  private async designRuns(
    items: DesignItem[], progressTitle: string, jobs: { item: number; rep: number; job: PointJob }[], requests: RunRequest[], seeds: number[],
    texts: Map<string, { uri: vscode.Uri; text: string; file: string }>, pool: WorkerPool, size: number, replications: number,
    statusKey: object, t0: number, end: (s: RunStatusState) => void,
  ): Promise<DesignResult[] | undefined> {
    const total = jobs.length;
    log().info(`${progressTitle}: ${total} run${total === 1 ? '' : 's'} (${items.length} × ${replications} replication${replications === 1 ? '' : 's'}) on ${size} worker${size === 1 ? '' : 's'}`);
    const outcomes = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `SMP Stack Lab: ${progressTitle}`, cancellable: true },
      async (progress, token) => {
        let done = 0;
        // this design's jobs only: the pool and its warm worker serve the next run
        const running: { cancel(): Promise<void> }[] = [];
        const stop = () => { for (const r of running) void r.cancel(); };
        const handle: RunHandle = { outcome: Promise.resolve({ kind: 'cancelled' }), cancel: stop };
        this.active.add(handle);
        this.setRunning();
        const cancel = token.onCancellationRequested(() => handle.cancel());
        progress.report({ message: `0 / ${total} runs` });
        this.status.started(statusKey, progressTitle);
        try {
          return await Promise.all(jobs.map((j) => {
            const job = pool.submitJob(j.job);
            running.push(job);
            return job.outcome.then((o) => {
              done++;
              progress.report({ increment: 100 / total, message: `${done} / ${total} runs` });
              this.status.progress(statusKey, (100 * done) / total);
              // the first problem stops the design: the other runs of the same model would fail the same way
              if (o.kind === 'invalid' || o.kind === 'failed') stop();
              return o;
            });
          }));
        } finally {
          cancel.dispose();
          this.active.delete(handle);
          this.setRunning();
        }
      },
    );
    const bad = outcomes.find((o): o is Extract<PointOutcome, { kind: 'invalid' | 'failed' }> => o.kind === 'invalid' || o.kind === 'failed');
    const uri = texts.values().next().value!.uri;
    if (bad) {
      const message = bad.message;
      log().error(`${progressTitle}: ${message}`);
      if (bad.kind === 'invalid' && bad.problems.length) this.problems.publish(uri, bad.problems as ModelProblem[]);
      void vscode.window.showErrorMessage(`SMP Stack Lab: ${progressTitle} failed: ${message}`);
      end(bad.kind === 'invalid' ? { kind: 'invalid', title: progressTitle, errors: bad.problems.filter((p) => p.severity === 'error').length, first: message } : { kind: 'failed', title: progressTitle, message });
      return undefined;
    }
    if (outcomes.some((o) => o.kind !== 'done')) {
      end({ kind: 'cancelled', title: progressTitle });
      log().info(`${progressTitle}: cancelled after ${Date.now() - t0} ms (${outcomes.filter((o) => o.kind === 'done').length} of ${total} runs done)`);
      vscode.window.setStatusBarMessage(`SMP Stack Lab: ${progressTitle} cancelled`, 4000);
      return undefined;
    }
    log().info(`${progressTitle}: ${total} runs in ${Date.now() - t0} ms`);
    const done = outcomes as Extract<PointOutcome, { kind: 'done' }>[];
    end({ kind: 'done', title: progressTitle, simulatedNs: done.reduce((a, o) => a + o.summary.simulatedNs, 0), events: done.reduce((a, o) => a + o.summary.events, 0), wallMs: Date.now() - t0 });
    // what every variant or sweep point found (its first replication's, as its timeline shows), each naming its run
    const found = new Map<string, { uri: vscode.Uri; problems: ModelProblem[] }>();
    const results = items.map((item, i) => {
      const mine = jobs.map((j, k) => ({ j, o: outcomes[k] })).filter((x) => x.j.item === i).map((x) => x.o as Extract<PointOutcome, { kind: 'done' }>);
      const first = mine[0];
      // each replication's lock table (asked for the runs a view shows) goes with its facts: combineFacts makes the means ± CI
      const facts = combineFacts(mine.map((o) => ({ ...(o.extra as RunFacts), ...(o.lockTable ? { lockTable: o.lockTable } : {}) })));
      const m = texts.get(item.descriptor.model)!;
      const request: RunRequest = { ...requests[i], seed: seeds[i] };
      const warnings = warningProblems(first.summary.starved ?? [], first.sources ?? []);
      if (warnings.length) {
        const named = items.length > 1 ? warnings.map((w) => ({ ...w, message: `${item.title}: ${w.message}` })) : warnings;
        logFindings(named);
        const f = found.get(m.uri.toString()) ?? { uri: m.uri, problems: [] };
        f.problems.push(...named);
        found.set(m.uri.toString(), f);
      }
      const record = first.trace
        ? this.keep(m.uri, item.descriptor, request, item.title, facts, fromWire(first.trace), false)
        : undefined;
      return { item, facts, record, label: first.label, x: first.x, search: first.search };
    });
    // a design that found nothing clears what the last run of the model found
    for (const t of texts.values()) this.problems.publishRunFindings(t.uri, found.get(t.uri.toString())?.problems ?? []);
    return results;
  }

  /**
   * Open a capture of a real system (perf script, perf lock contention,
   * Chrome trace JSON, folded stacks, .smptrace): parsed in the worker,
   * streamed, cancellable. It has no model file, so its frames link nowhere.
   */
  async openTrace(uri: vscode.Uri): Promise<ModelRunRecord | undefined> {
    const where = compilerFileName(uri);
    const name = uri.path.split('/').pop() || where;
    // A local file streams from disk in the worker; any other URI (a virtual workspace) is read through vscode.workspace.fs.
    const request: RunRequest = uri.scheme === 'file'
      ? { text: '', file: where, importFile: uri.fsPath, maxRecords: runSettings().maxRecords }
      : { text: '', file: where, importUri: uri.toString(), maxRecords: runSettings().maxRecords };
    log().info(`open ${where}: reading`);
    const outcome = await this.inWorker(request, `reading ${name}`);
    if (outcome.kind === 'done') {
      const runId = this.issueRunId();
      const record: ModelRunRecord = {
        runId,
        title: `${name} (imported)`,
        descriptor: { model: uri.toString(), imported: true },
        request,
        files: new Map(),
        sources: outcome.trace.meta.sources,
        facts: outcome.facts,
        trace: outcome.trace,
      };
      this.registry.add(record);
      for (const line of describeFacts(runId, record.title, outcome.facts)) log().info(line);
      for (const note of outcome.notes ?? []) log().warn(`${name}: ${note}`);
      // Cut short by the record limit: worth more than a log line.
      const cut = outcome.notes?.find((n) => /record limit of/.test(n));
      if (cut) void vscode.window.showWarningMessage(`SMP Stack Lab: ${name}: ${cut.replace(/^line \d+: /, '')}`);
      return record;
    }
    if (outcome.kind === 'cancelled') {
      log().info(`open ${where}: cancelled`);
      return undefined;
    }
    const message = outcome.kind === 'failed' ? outcome.message : 'not a trace';
    log().error(`open ${where}: ${message}`);
    void vscode.window.showErrorMessage(`Cannot open ${name}: ${message}`);
    return undefined;
  }

  /**
   * A run's file in an export format. The worker replays the run's exact
   * request (same text, variant, seed, duration: the same trace) and
   * serialises it there, so a big export never blocks the extension host.
   */
  async exportRun(record: ModelRunRecord, format: ExportFormatId): Promise<Uint8Array | undefined> {
    const outcome = await this.inWorker(record.request, `exporting ${record.title}`, { exportAs: { format, title: record.title } });
    if (outcome.kind === 'exported') {
      if (outcome.facts.events !== record.facts.events) {
        log().warn(`export of run #${record.runId}: the replay made ${outcome.facts.events} events, the run ${record.facts.events}`);
      }
      return outcome.bytes;
    }
    if (outcome.kind === 'cancelled') return undefined;
    const message = outcome.kind === 'failed' ? outcome.message : outcome.kind === 'invalid' ? outcome.problems[0]?.message : 'unexpected answer';
    log().error(`export of run #${record.runId}: ${message}`);
    void vscode.window.showErrorMessage(`SMP Stack Lab: export failed: ${message}`);
    return undefined;
  }
}

/** What a run found, in the log as the CLI prints it (file:line:col: warning: …). */
function logFindings(problems: readonly ModelProblem[]): void {
  for (const p of problems) log().warn(`${p.file}:${p.line}:${p.column}: warning: ${p.message}`);
}

/** The model's own seed (what a run without an override uses). */
function modelSeed(text: string, file: string): number {
  return seedOf(text, file) ?? 1;
}

/**
 * The bytes of a capture at a non-file URI, read through vscode.workspace.fs
 * (which reads whole: there is no streaming read in its API); undefined for
 * anything else. A file that cannot be read is an Error naming it.
 */
async function captureBytes(request: RunRequest): Promise<Uint8Array | Error | undefined> {
  if (!request.importUri) return undefined;
  try {
    return await vscode.workspace.fs.readFile(vscode.Uri.parse(request.importUri, true));
  } catch (e) {
    return new Error(`cannot read ${request.importUri}: ${(e as Error).message ?? String(e)}`);
  }
}
