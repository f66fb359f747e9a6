// The problems of one file as 楽楽明細 or the pre-flight check reported them: those with a line in a
// table (行・列・内容), the others as sentences — a problem without a place is not a row of dashes.
import { splitProblems } from '../../../../shared/clerk-advice';
import type { FileProblem } from '../../../../shared/run';

function Message({ problem }: { readonly problem: FileProblem }) {
  return (
    <>
      {problem.message}
      {problem.code === undefined ? null : <span className="code">（{problem.code}）</span>}
    </>
  );
}

export function FileProblems({ problems }: { readonly problems: readonly FileProblem[] }) {
  const { located, general } = splitProblems(problems);
  return (
    <>
      {general.length === 0 ? null : (
        <ul className="problem-sentences">
          {general.map((p, i) => (
            <li key={i}>
              <Message problem={p} />
            </li>
          ))}
        </ul>
      )}
      {located.length === 0 ? null : (
        <table className="problems">
          <thead>
            <tr>
              <th scope="col">行</th>
              <th scope="col">列</th>
              <th scope="col">内容</th>
            </tr>
          </thead>
          <tbody>
            {located.map((p, i) => (
              <tr key={i}>
                <td>{p.line}</td>
                <td>{p.column ?? '—'}</td>
                <td>
                  <Message problem={p} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
