import { useEffect, useState } from 'react';
import { getAgentQueue, type AgentQueue } from '../../../api/agentQueue';

/** How often the tab re-reads the queue (the spec: every 30 seconds). */
export const QUEUE_REFRESH_MS = 30_000;

const COUNTS = [
  ['waiting', 'Waiting'],
  ['active', 'Active'],
  ['delayed', 'Delayed'],
  ['failed', 'Failed'],
] as const;

/** Agent Queue (ch. 4): the jobs sent to this host's agent, counts by state and the recent history. */
export function AgentQueueTab({ hostId, refreshKey }: { hostId: string; refreshKey: number }) {
  const [queue, setQueue] = useState<AgentQueue | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const load = () =>
      getAgentQueue(hostId).then(
        (q) => live && (setQueue(q), setError(null)),
        (e: unknown) => live && setError(e instanceof Error ? e.message : 'Could not load the agent queue.'),
      );
    void load();
    const timer = window.setInterval(load, QUEUE_REFRESH_MS);
    return () => {
      live = false;
      window.clearInterval(timer);
    };
  }, [hostId, refreshKey]);

  if (error) return <p className="form-error" role="alert">{error}</p>;
  if (!queue) return <p className="inline-status">Loading…</p>;
  return (
    <div data-testid="agent-queue">
      <div className="summary-cards">
        {COUNTS.map(([key, label]) => (
          <div className="card" key={key} data-testid={`queue-${key}`}>
            <span className="muted">{label}</span> <strong>{queue.queue_status[key]}</strong>
          </div>
        ))}
      </div>
      <h3>Job History</h3>
      {queue.job_history.length === 0 ? (
        <p className="muted">No jobs yet.</p>
      ) : (
        <table className="data-table" data-testid="job-history">
          <thead>
            <tr>
              <th>Job</th>
              <th>Status</th>
              <th>Attempts</th>
              <th>Created</th>
              <th>Completed</th>
              <th>Error / output</th>
            </tr>
          </thead>
          <tbody>
            {queue.job_history.map((job) => (
              <tr key={job.job_id} data-testid="job-row" data-job-id={job.job_id} data-status={job.status}>
                <td>{job.job_name}</td>
                <td>
                  <span className={`badge badge--${job.status === 'failed' ? 'danger' : job.status === 'completed' ? 'success' : 'warning'}`}>
                    {job.status}
                  </span>
                </td>
                <td>{job.attempt}</td>
                <td>{new Date(job.created_at).toLocaleString()}</td>
                <td>{job.completed_at ? new Date(job.completed_at).toLocaleString() : '—'}</td>
                <td>{job.error_message ?? job.output ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
