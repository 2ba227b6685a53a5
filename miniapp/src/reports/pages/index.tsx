import { TabLayout } from '../../layouts/TabLayout';
import { FunnelReport } from '../FunnelReport';
import '../../customers/customers.css';
import '../reports.css';

export default function ReportsTabPage() {
  return <TabLayout tab='reports'>{() => <FunnelReport />}</TabLayout>;
}
