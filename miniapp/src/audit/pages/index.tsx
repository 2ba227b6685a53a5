import { TabLayout } from '../../layouts/TabLayout';
import { AuditLogView } from '../AuditLogView';
import '../../customers/customers.css';
import '../../customers/id-number-reveal.css';

export default function AuditTabPage() {
  return <TabLayout tab='audit'>{(staff) => <AuditLogView roles={staff.roles} />}</TabLayout>;
}
