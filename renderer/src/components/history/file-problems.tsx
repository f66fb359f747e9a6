// The problems of one file as 楽楽明細 or the pre-flight check reported them: line, column, message.
import type { FileProblem } from '../../../../shared/run';

export function FileProblems({ problems }: { readonly problems: readonly FileProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <table className="problems">
      <thead>
        <tr>
          <th scope="col">行</th>
          <th scope="col">列</th>
          <th scope="col">内容</th>
        </tr>
      </thead>
      <tbody>
        {problems.map((p, i) => (
          <tr key={i}>
            <td>{p.line ?? '—'}</td>
            <td>{p.column ?? '—'}</td>
            <td>
              {p.message}
              {p.code === undefined ? null : <span className="code">（{p.code}）</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
