import { PoliciesPanel } from '../patching/PoliciesPanel';
import { useDocumentTitle } from '../SectionPage';

/** Settings → Patch Management (chapter 10): the same policy list and editor as Patching → Policies. */
export function PatchManagementPage() {
  useDocumentTitle('Patch Management');
  return (
    <div className="page page--wide">
      <div className="page-header">
        <div>
          <h1>Patch Management</h1>
          <p className="page-summary">Patch policies decide when approved patch runs fire on each host.</p>
        </div>
      </div>
      <PoliciesPanel />
    </div>
  );
}
