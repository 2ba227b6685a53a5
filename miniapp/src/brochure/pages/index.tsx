import { TabLayout } from '../../layouts/TabLayout';
import { ProductList } from '../ProductList';
import '../../customers/customers.css';

export default function BrochureTabPage() {
  return <TabLayout tab='brochure'>{() => <ProductList />}</TabLayout>;
}
