import { TabLayout } from '../../layouts/TabLayout';
import { CustomerList } from '../CustomerList';
import '../customers.css';

export default function CustomersTabPage() {
  return <TabLayout tab='customers'>{() => <CustomerList />}</TabLayout>;
}
